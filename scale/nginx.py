"""nginx as a load balancer, started as you from the template scale/nginx.conf.

What this teaches: a load balancer is an ordinary program with a configuration file. nginx
needs no root to run: `-p` gives it a folder of its own for everything it writes (temporary
files, logs), `-e` the error log it uses before it has read its configuration (else it tries
/var/log/nginx, which is root's), and `-g 'daemon off; pid ...;'` keeps it in the foreground,
a child of the program that started it, so stopping that program stops nginx too.

    with nginx_server(Path("var/scale/nginx"), port=8080, upstreams=[8101, 8102]) as nginx:
        requests.get(nginx.url + "/api/v2/courses")   # answered by one of the two

As root (a CI machine), nginx's master process keeps root and its worker drops to `nobody`.
"""

import grp
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf")
INSTALL_HINT = "install nginx: apt install nginx (Debian, Ubuntu) or brew install nginx"
# Where packages put it when it is not on a learner's PATH (Debian's sbin, Homebrew).
OTHER_PLACES = ("/usr/sbin/nginx", "/opt/homebrew/bin/nginx", "/usr/local/bin/nginx")
START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0


@dataclass
class NginxServer:
    """A running nginx: its port, its folder (logs inside) and its master process."""

    port: int
    prefix: Path
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def error_log(self) -> Path:
        return self.prefix / "error.log"

    @property
    def access_log(self) -> Path:
        return self.prefix / "access.log"

    def stop(self) -> None:
        """SIGQUIT: finish the requests under way, then exit; SIGKILL if that takes too long."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGQUIT)
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the master and its worker
            self.process.wait(timeout=STOP_TIMEOUT)


def find_nginx() -> Path | None:
    """The `nginx` program, or None when it is not installed."""
    found = shutil.which("nginx")
    if found:
        return Path(found)
    return next((Path(place) for place in OTHER_PLACES if Path(place).exists()), None)


def write_config(prefix: Path, port: int, upstreams: Sequence[int]) -> Path:
    """The template with its blanks filled in, written to prefix/nginx.conf."""
    servers = "\n".join(
        f"        server 127.0.0.1:{upstream} max_fails=1 fail_timeout=5s;"
        for upstream in upstreams
    )
    values = {
        "USER_LINE": _user_line(),
        "ERROR_LOG": str(prefix / "error.log"),
        "ACCESS_LOG": str(prefix / "access.log"),
        "PREFIX": str(prefix),
        "SERVERS": servers,
        "PORT": str(port),
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    config = prefix / "nginx.conf"
    config.write_text(text)
    return config


def _user_line() -> str:
    """As root, who nginx's worker runs as; as anyone else, nothing (it stays that user)."""
    if os.geteuid() != 0:
        return "# (started as you: the worker runs as you too)"
    group = "nogroup" if _group_exists("nogroup") else "nobody"  # Debian's name, or others'
    return f"user nobody {group};  # started as root: the worker drops to nobody"


def _group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def port_in_use(port: int) -> bool:
    """True when something listens on 127.0.0.1:`port`."""
    with closing(socket.socket()) as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def nginx_server(prefix: Path, *, port: int, upstreams: Sequence[int]) -> Iterator[NginxServer]:
    """nginx on 127.0.0.1:`port`, balancing over the catalog API instances on `upstreams`."""
    program = find_nginx()
    if program is None:
        raise FileNotFoundError(f"nginx was not found: {INSTALL_HINT}")
    for folder in ("temp/client_body", "temp/proxy", "temp/fastcgi", "temp/uwsgi", "temp/scgi"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:  # the worker, as nobody, writes its temporary files here
        for folder in (prefix / "temp").rglob("*"):
            shutil.chown(folder, user="nobody")
    if port_in_use(port):
        raise RuntimeError(f"port {port} is in use by another program: choose another port")
    config = write_config(prefix, port, upstreams)
    command = [
        str(program),
        *("-p", str(prefix), "-c", str(config), "-e", str(prefix / "error.log")),
        *("-g", f"daemon off; pid {prefix / 'nginx.pid'};"),
    ]
    process = subprocess.Popen(  # noqa: S603 (a program found on PATH, arguments of ours)
        command, stdin=subprocess.DEVNULL, start_new_session=True
    )
    server = NginxServer(port=port, prefix=prefix, process=process)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not port_in_use(port):
            if process.poll() is not None or time.monotonic() > deadline:
                log = server.error_log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"nginx did not start on port {port}:\n{log}")
            time.sleep(0.05)
        yield server
    finally:
        server.stop()
