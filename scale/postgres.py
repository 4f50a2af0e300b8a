"""A throwaway PostgreSQL server in a folder: no root, no Docker, no system service.

SQLite is a file that one machine opens; PostgreSQL is a server that many machines talk to. To try
the twins on it you do not need an administrator: `initdb` writes a new database cluster into any
folder you own and `postgres` serves it on a port of your choice, until you stop it.

    with postgres_server() as server:
        url = server.url()  # postgresql+psycopg://coursehub@127.0.0.1:PORT/coursehub

What this teaches:
- Trust authentication on 127.0.0.1 only: nothing but this machine can reach the server, so no
  password is needed. A real server listens wider and demands one.
- No Unix socket (`-k ''`): clients come over TCP like they would from another machine, and the
  server never needs /var/run/postgresql, which only root may write to.
- `durable=False` turns off fsync: a commit then returns before the data is on the disk. Tests
  may do that, because they throw the folder away. A demo that measures a database must not: it
  would measure memory, and a crash or a power cut could lose enrollments the server had already
  confirmed, or corrupt the whole cluster. So `durable=True` is the default.
- PostgreSQL refuses to run as root. When root runs this (a CI machine does), initdb and postgres
  run as the `postgres` system user that Debian's package creates (as `runuser -u postgres`
  would), in a fresh folder it owns: root's own folders are closed to that user.
- Text sorts by an English collation (ICU's en-US, when the build has ICU), as on most servers,
  not by character codes as in SQLite: code that needs one order must say so (models.py).
- Stopping: a fast shutdown (SIGINT) when the block ends; and on Linux, should the program that
  started the server be killed, the server gets the same signal rather than run on, orphaned.
"""

from __future__ import annotations

import ctypes
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

ROLE = "coursehub"  # initdb's superuser: owns every database here
SYSTEM_USER_WHEN_ROOT = "postgres"
START_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 30.0
NOT_INSTALLED = "PostgreSQL not installed (apt install postgresql): no initdb and postgres found"
DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# Settings that trade safety for speed; only for data that is thrown away (see the docstring).
NOT_DURABLE = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")
PR_SET_PDEATHSIG = 1  # Linux's prctl(2) option: a signal for when the parent dies


class PostgresNotInstalled(RuntimeError):
    """initdb and postgres are on neither PATH nor the usual install folders."""


def find_postgres() -> Path | None:
    """The bin folder holding initdb and postgres: PATH first, then the newest install folder."""
    for folder in _candidate_bin_folders():
        if all(os.access(folder / program, os.X_OK) for program in ("initdb", "postgres")):
            return folder
    return None


def _candidate_bin_folders() -> Iterator[Path]:
    on_path = shutil.which("initdb")
    if on_path:
        yield Path(on_path).parent
        yield Path(on_path).resolve().parent  # Debian and Homebrew link into a versioned folder
    yield from _newest_first(
        Path("/usr/lib/postgresql").glob("*/bin"), version_of=lambda p: p.parent.name
    )
    for opt in (Path("/opt/homebrew/opt"), Path("/usr/local/opt")):  # Homebrew's keg-only versions
        yield from _newest_first(opt.glob("postgresql*/bin"), version_of=lambda p: p.parent.name)


def _newest_first(folders: Iterator[Path], *, version_of) -> list[Path]:
    def version(folder: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", version_of(folder)))

    return sorted(folders, key=version, reverse=True)


@dataclass
class PostgresServer:
    """A running server: where it listens and how to make and drop databases on it."""

    port: int
    host: str = "127.0.0.1"

    def url(self, database: str = "coursehub") -> str:
        """The SQLAlchemy URL of one database on this server (psycopg 3 as the driver)."""
        return f"postgresql+psycopg://{ROLE}@{self.host}:{self.port}/{database}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create a database (a copy of `template` when given: a fast file copy); return its URL."""
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(_checked(name)))
        if template is not None:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(_checked(template)))
        self._run(statement)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, closing any session still connected to it."""
        self._run(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(_checked(name))
            )
        )

    def _run(self, statement: sql.Composable) -> None:
        # CREATE/DROP DATABASE cannot run inside a transaction, hence autocommit.
        with psycopg.connect(self._conninfo("postgres"), autocommit=True) as connection:
            connection.execute(statement)

    def _conninfo(self, database: str) -> str:
        return f"host={self.host} port={self.port} user={ROLE} dbname={database} connect_timeout=2"


def _checked(name: str) -> str:
    if not DATABASE_NAME.fullmatch(name):
        raise ValueError(f"database name {name!r}: use lower-case letters, digits and _")
    return name


@contextmanager
def postgres_server(
    folder: Path | None = None, *, port: int | None = None, durable: bool = True
) -> Iterator[PostgresServer]:
    """Start a PostgreSQL server, wait until it accepts connections, stop it at the end.

    `folder` keeps the cluster (in folder/pgdata, reused when already there) and its log; without
    it, or when running as root, a fresh temporary folder is used and removed afterwards.
    """
    bin_folder = find_postgres()
    if bin_folder is None:
        raise PostgresNotInstalled(NOT_INSTALLED)
    run_as = _system_user_when_root()
    with ExitStack() as cleanup:
        run_folder = _run_folder(folder, run_as, cleanup)
        data = run_folder / "pgdata"
        if not (data / "PG_VERSION").exists():
            _initdb(bin_folder, data, run_as)
        server, process = _start(bin_folder, data, port, durable, run_as)
        cleanup.callback(_stop, process)
        _create_default_database(server)
        yield server


def _system_user_when_root() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SYSTEM_USER_WHEN_ROOT)
    except KeyError:
        raise PostgresNotInstalled(
            "PostgreSQL refuses to run as root and there is no 'postgres' user "
            "(apt install postgresql creates it)"
        ) from None
    return SYSTEM_USER_WHEN_ROOT


def _run_folder(folder: Path | None, run_as: str | None, cleanup: ExitStack) -> Path:
    if folder is not None and run_as is None:
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    # A fresh folder in the temp directory: root's own folders (pytest's are mode 700) are closed
    # to the postgres user, so give it one it owns.
    made = Path(tempfile.mkdtemp(prefix="coursehub-postgres-"))
    cleanup.callback(shutil.rmtree, made, ignore_errors=True)
    if run_as is not None:
        shutil.chown(made, user=run_as, group=run_as)
    return made


def _as_user(run_as: str | None) -> dict:
    """Popen arguments that drop root to the postgres user, as `runuser -u postgres --` would."""
    if run_as is None:
        return {}
    return {"user": run_as, "group": run_as, "extra_groups": []}


def _initdb(bin_folder: Path, data: Path, run_as: str | None) -> None:
    base = [str(bin_folder / "initdb"), "-D", str(data), "-U", ROLE, "--auth=trust"]
    base += ["--encoding=UTF8", "--locale=C", "--no-instructions"]
    # An English collation from ICU, as most servers have: text then sorts unlike SQLite's byte
    # order, so tests see what production would. Builds without ICU (or before 15) get byte order.
    for extra in (["--locale-provider=icu", "--icu-locale=en-US"], []):
        result = subprocess.run(  # noqa: S603 - fixed program, arguments of our own
            base + extra,
            cwd=data.parent,
            capture_output=True,
            text=True,
            check=False,
            **_as_user(run_as),
        )
        if result.returncode == 0:
            return
        shutil.rmtree(data, ignore_errors=True)
    raise RuntimeError(f"initdb failed:\n{result.stdout}{result.stderr}")


def _start(
    bin_folder: Path, data: Path, port: int | None, durable: bool, run_as: str | None
) -> tuple[PostgresServer, subprocess.Popen]:
    settings = ["listen_addresses=127.0.0.1", *(() if durable else NOT_DURABLE)]
    for _attempt in range(3):  # a free port may be taken before postgres binds it: pick again
        server = PostgresServer(port=port or _free_port())
        command = [str(bin_folder / "postgres"), "-D", str(data), "-p", str(server.port), "-k", ""]
        for setting in settings:
            command += ["-c", setting]
        log_path = data.parent / "postgres.log"
        with log_path.open("ab") as log:
            process = subprocess.Popen(  # noqa: S603 - fixed program, arguments of our own
                command,
                cwd=data.parent,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # A session of its own: Ctrl-C reaches Python, which stops the server in order.
                start_new_session=True,
                preexec_fn=_die_with_this_program if _on_the_main_thread() else None,
                **_as_user(run_as),
            )
        if _wait_until_ready(server, process):
            return server, process
        if port is not None or "already in use" not in log_path.read_text(errors="replace"):
            break
    _stop(process)
    tail = log_path.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"PostgreSQL did not start on port {server.port}:\n{tail}")


def _wait_until_ready(server: PostgresServer, process: subprocess.Popen) -> bool:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            psycopg.connect(server._conninfo("postgres")).close()
        except psycopg.OperationalError:
            time.sleep(0.1)
        else:
            return True
    return False


def _create_default_database(server: PostgresServer) -> None:
    with psycopg.connect(server._conninfo("postgres"), autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (ROLE,)
        ).fetchone()
    if found is None:
        server.create_database(ROLE)


def _stop(process: subprocess.Popen) -> None:
    """Fast shutdown (SIGINT): roll back open transactions, write a checkpoint, exit.

    By the process id, then waiting for it to be gone: `process.poll()` alone would take the
    server for stopped if some other code of this program had collected its exit status.
    """
    try:
        os.kill(process.pid, signal.SIGINT)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
    while _running(process):
        if time.monotonic() > deadline:
            os.kill(process.pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    process.poll()


def _running(process: subprocess.Popen) -> bool:
    if process.poll() is not None:  # ours, and collected
        return False
    try:
        os.kill(process.pid, 0)  # signal 0: only "does it exist?"
    except ProcessLookupError:
        return False
    return True


def _die_with_this_program() -> None:
    """Linux: the server gets SIGINT if the program that started it dies (killed, say), rather
    than running on with no one to stop it. Set after the switch to the postgres user, which
    would clear it. Elsewhere, only a clean exit stops the server."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGINT)


def _on_the_main_thread() -> bool:
    # Linux sends that signal when the *thread* that started the server ends: from any other
    # thread, the server would stop with it. So only the main thread asks for it.
    return threading.current_thread() is threading.main_thread()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
