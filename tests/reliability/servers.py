"""CourseHub's production servers for the load and fault battery, each in a process group.

A fault test must do to a server what a crash does: kill it whole, in the middle of its work,
with no chance to finish anything (SIGKILL), or freeze it so that its port still accepts
connections and nothing answers (SIGSTOP). `uvicorn --workers 2` is three processes, a
supervisor and two workers; killing only the supervisor would leave the workers serving,
orphaned. So every server here starts in a session of its own (`start_new_session=True`): its
processes form one group, and `os.killpg` reaches all of them at once.

The servers are started as the make targets start them, with the production servers: the
monolith with `python -m monolith` (waitress, its threads), the catalog API with uvicorn, here
with two worker processes, the ML service with uvicorn, the frontend with `python -m
decoupled.frontend`. Each database is a fresh file in a temporary folder, seeded from the
dataset by the twin's own code before the server starts, so two workers never race to seed it.
The public rate limits are switched off (empty settings): the whole crowd comes from one
address, 127.0.0.1, and would otherwise be refused with 429s after a few requests.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from tests.e2e.servers import REPO_ROOT, free_port, seed_api, seed_monolith

BIN = Path(sys.executable).parent  # .venv/bin, where the Makefile finds uvicorn
WORKERS = 2  # uvicorn worker processes for the catalog API
START_TIMEOUT = 60.0  # seconds for a server to answer; more means it will not start
STOP_TIMEOUT = 20.0
SECRET_KEY = "reliability"  # the monolith's: its CSRF tokens stay valid across a restart


# The project's own settings: a server gets only those its test gives it.
OURS = (
    "MONOLITH_",
    "API_",
    "PARTNER_",
    "DATABASE_URL",
    "DATA_FILE",
    "MODEL",
    "CORS_ORIGINS",
    "REDIS_URL",
)


def _no_rate_limits(**settings: str) -> dict[str, str]:
    """This process's environment, without proxies or the project's settings, plus `settings`
    and the public rate limits off."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.lower().endswith("_proxy") and not name.startswith(OURS)
    }
    environment.update(
        NO_PROXY="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
        SEARCH_RATE_LIMIT="",  # both twins read these two
        ENROLLMENT_RATE_LIMIT="",
    )
    environment.update(settings)
    return environment


@dataclass
class ProductionServer:
    """One server program, started, killed, frozen and restarted on the same port and files."""

    name: str
    command: list[str]
    environment: dict[str, str]
    port: int
    folder: Path
    ready_path: str
    workers: int = 1  # uvicorn workers that must say "Application startup complete."
    database: Path | None = None
    process: subprocess.Popen[bytes] | None = None
    logs: list[Path] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start the program and wait until it answers (every worker of it, for uvicorn)."""
        self.launch()
        self.wait_until_ready()

    def launch(self) -> None:
        """Start the program and return at once (then `wait_until_ready`)."""
        log = self.folder / f"{self.name}-{len(self.logs) + 1}.log"
        self.logs.append(log)
        with log.open("wb") as output:  # the child keeps its own copy of the file handle
            self.process = subprocess.Popen(
                self.command,
                cwd=REPO_ROOT,
                env=self.environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, for killpg
            )

    def wait_until_ready(self) -> None:
        assert self.process is not None
        log = self.logs[-1]
        deadline = time.monotonic() + START_TIMEOUT
        with requests.Session() as session:
            session.trust_env = False  # no proxy between us and 127.0.0.1
            while not (self._answers(session) and self._workers_started(log)):
                if self.process.poll() is not None:
                    pytest.fail(f"{self.name} stopped at start:\n{self.log_tail()}")
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"{self.name} did not start in {START_TIMEOUT:g} s:\n{self.log_tail()}"
                    )
                time.sleep(0.1)

    def _answers(self, session: requests.Session) -> bool:
        try:
            return session.get(self.url + self.ready_path, timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def _workers_started(self, log: Path) -> bool:
        if self.workers == 1:
            return True
        # One answer proves one worker; the crowd should meet all of them.
        started = log.read_text(errors="replace").count("Application startup complete.")
        return started >= self.workers

    def log_tail(self) -> str:
        return self.logs[-1].read_text(errors="replace")[-3000:] if self.logs else ""

    def signal_group(self, signum: signal.Signals) -> None:
        """Send `signum` to every process of the server. Only while its first process is not
        yet reaped: until then its id, which names the group, cannot belong to anyone else."""
        if self.process is None or self.process.returncode is not None:
            return
        with suppress(ProcessLookupError):  # the whole group has gone already
            os.killpg(self.process.pid, signum)

    def kill(self) -> None:
        """SIGKILL, every process at once, as a crash would; return once the port is closed."""
        assert self.process is not None
        self.signal_group(signal.SIGKILL)
        self.process.wait(timeout=STOP_TIMEOUT)
        deadline = time.monotonic() + STOP_TIMEOUT
        while self._port_open():  # a worker still holding the socket dies a moment later
            assert time.monotonic() < deadline, f"{self.name} still listens after SIGKILL"
            time.sleep(0.05)

    def _port_open(self) -> bool:
        with closing(socket.socket()) as probe:
            probe.settimeout(1)
            return probe.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self) -> None:
        """SIGTERM, as Ctrl-C or a service manager stops it; SIGKILL if it does not end."""
        if self.process is None or self.process.returncode is not None:
            return
        self.signal_group(signal.SIGTERM)
        self.signal_group(signal.SIGCONT)  # a frozen server must run to act on SIGTERM
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.signal_group(signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT)


@contextmanager
def running(*servers: ProductionServer) -> Iterator[None]:
    """`servers` started side by side, and each stopped at the end whatever happens (one
    restarted meanwhile too)."""
    try:
        for server in servers:
            server.launch()
        for server in servers:
            server.wait_until_ready()
        yield
    finally:
        for server in servers:
            server.stop()


def api_server(folder: Path, cors_origins: Sequence[str] = ()) -> ProductionServer:
    """The catalog API as `make api` runs it (uvicorn), with two workers, on a fresh database."""
    database = folder / "api.sqlite3"
    database_url = f"sqlite:///{database}"
    seed_api(database_url)
    port = free_port()
    return ProductionServer(
        name="api",
        command=[
            *(str(BIN / "uvicorn"), "decoupled.backend.main:app"),
            *("--host", "127.0.0.1", "--port", str(port), "--workers", str(WORKERS)),
        ],
        environment=_no_rate_limits(DATABASE_URL=database_url, CORS_ORIGINS=",".join(cors_origins)),
        port=port,
        folder=folder,
        ready_path="/healthz",
        workers=WORKERS,
        database=database,
    )


def monolith_server(folder: Path, model_dir: Path) -> ProductionServer:
    """The monolith as `make monolith` runs it (`python -m monolith`: waitress, its threads),
    on a fresh database, with the recommender loaded into its own process."""
    database = folder / "monolith.sqlite3"
    seed_monolith(database)
    port = free_port()
    return ProductionServer(
        name="monolith",
        command=[sys.executable, "-m", "monolith"],
        environment=_no_rate_limits(
            MONOLITH_PORT=str(port),
            MONOLITH_DATABASE=str(database),
            MONOLITH_MODEL_DIR=str(model_dir),
            MONOLITH_SECRET_KEY=SECRET_KEY,
        ),
        port=port,
        folder=folder,
        ready_path="/categories",
        database=database,
    )


def ml_server(
    folder: Path, model_dir: Path, cors_origins: Sequence[str], port: int
) -> ProductionServer:
    """The ML service as `make ml` runs it (uvicorn, one process), serving `model_dir`. No
    crowd calls it here: it is the service that fails, so one worker, as `make ml` has."""
    return ProductionServer(
        name="ml",
        command=[
            *(str(BIN / "uvicorn"), "decoupled.ml.main:app"),
            *("--host", "127.0.0.1", "--port", str(port)),
        ],
        environment=_no_rate_limits(
            MODEL_DIR=str(model_dir), MODEL="content", CORS_ORIGINS=",".join(cors_origins)
        ),
        port=port,
        folder=folder,
        ready_path="/healthz",
    )


def frontend_server(folder: Path, api_url: str, ml_url: str, port: int) -> ProductionServer:
    """The browser frontend as `make frontend` serves it, calling these two services."""
    return ProductionServer(
        name="frontend",
        command=[sys.executable, "-m", "decoupled.frontend"],
        environment=_no_rate_limits(FRONTEND_PORT=str(port), API_URL=api_url, ML_URL=ml_url),
        port=port,
        folder=folder,
        ready_path="/",
    )


def design_server(design: str, folder: Path, model_dir: Path) -> ProductionServer:
    """The server of one design: "api" (the catalog API) or "monolith"."""
    return api_server(folder) if design == "api" else monolith_server(folder, model_dir)
