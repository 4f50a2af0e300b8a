"""A throwaway Redis server: started in a folder on a free port, gone when the block ends.

What this teaches: a shared store for counts is one more server to run, and running one for a
test or a demo takes a few lines. `redis_server()` starts the `redis-server` program found on
PATH (Debian's `redis-server` package, Homebrew's `redis`) as the current user, listening on
127.0.0.1 only, with nothing written to disk (no snapshots, no append-only file): the rate
limits it holds are worth a minute at most, and a restart that forgets them costs nothing.

    with redis_server(Path("var/scale/redis")) as redis:
        os.environ["REDIS_URL"] = redis.url   # redis://127.0.0.1:PORT/0

`find_redis()` is None when the program is absent, so callers can say what to install.
"""

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = "install Redis: apt install redis-server (Debian, Ubuntu) or brew install redis"
START_TIMEOUT = 10.0  # seconds; Redis starts in milliseconds, more means it will not
STOP_TIMEOUT = 10.0
# Where packages put it when it is not on a learner's PATH (sbin, Homebrew on Apple silicon).
OTHER_PLACES = ("/usr/sbin/redis-server", "/opt/homebrew/bin/redis-server")


@dataclass
class RedisServer:
    """A running Redis: where it listens, its folder and its process."""

    port: int
    folder: Path
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        """The REDIS_URL for it: database 0 on this machine."""
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def log(self) -> Path:
        return self.folder / "redis.log"

    def answers(self) -> bool:
        """True once this Redis answers, not another one on the same port: `INFO server`
        (spoken by hand: no client library needed) names the process that answered."""
        try:
            with closing(socket.create_connection(("127.0.0.1", self.port), timeout=1)) as conn:
                conn.sendall(b"INFO server\r\n")
                header, _, body = conn.recv(65536).partition(b"\r\n")  # "$<size>", then the text
                if not header.startswith(b"$"):
                    return False
                while len(body) < int(header[1:]) and (more := conn.recv(65536)):
                    body += more
                return f"process_id:{self.process.pid}\r\n".encode() in body
        except (OSError, ValueError):
            return False

    def stop(self) -> None:
        """SIGTERM (Redis exits at once, saving nothing); SIGKILL if it does not."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT)


def find_redis() -> Path | None:
    """The `redis-server` program, or None when it is not installed."""
    found = shutil.which("redis-server")
    if found:
        return Path(found)
    return next((Path(place) for place in OTHER_PLACES if Path(place).exists()), None)


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(folder: Path, port: int | None = None) -> RedisServer:
    """Start Redis in `folder` and wait until it answers; the caller stops it."""
    program = find_redis()
    if program is None:
        raise FileNotFoundError(f"redis-server was not found: {INSTALL_HINT}")
    folder.mkdir(parents=True, exist_ok=True)
    for _attempt in range(3):  # a free port may be taken before Redis binds it: pick again
        server = _start(program, folder, port or free_port())
        if server is not None:
            return server
        if port is not None:
            break
    log = (folder / "redis.log").read_text(errors="replace")[-2000:]
    raise RuntimeError(f"redis-server did not start:\n{log}")


def _start(program: Path, folder: Path, port: int) -> RedisServer | None:
    """Redis on `port`, answering; None if it stopped at once (the port was taken)."""
    command = [
        str(program),
        *("--port", str(port), "--bind", "127.0.0.1"),
        *("--save", "", "--appendonly", "no"),  # nothing on disk: counts are worth a minute
        *("--dir", str(folder), "--logfile", str(folder / "redis.log")),
        *("--daemonize", "no", "--protected-mode", "yes"),
    ]
    # A session of its own: Ctrl-C in the terminal reaches the program that started it, which
    # stops it in order, rather than every server at once.
    process = subprocess.Popen(  # noqa: S603 (a program found on PATH, arguments of ours)
        command, stdin=subprocess.DEVNULL, start_new_session=True
    )
    server = RedisServer(port=port, folder=folder, process=process)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not server.answers():
            if process.poll() is not None:
                return None
            if time.monotonic() > deadline:
                log = server.log.read_text(errors="replace")[-2000:] if server.log.exists() else ""
                raise RuntimeError(f"redis-server did not answer on port {port}:\n{log}")
            time.sleep(0.05)
    except BaseException:  # Ctrl-C too: never leave it running
        server.stop()
        raise
    return server


@contextmanager
def redis_server(folder: Path | None = None, *, port: int | None = None) -> Iterator[RedisServer]:
    """A Redis running for the length of the block, in `folder` (else a temporary one)."""
    with tempfile.TemporaryDirectory(prefix="redis-") as temporary:
        server = start_redis(folder or Path(temporary), port)
        try:
            yield server
        finally:
            server.stop()
