"""CourseHub's production servers for the load and fault battery, each in a process group.

A fault test must do to a server what a crash does: kill it whole, in the middle of its work,
with no chance to finish anything (SIGKILL), or freeze it so that its port still accepts
connections and nothing answers (SIGSTOP). `uvicorn --workers 2` is three processes, a
supervisor and two workers; killing only the supervisor would leave the workers serving,
orphaned. So every server starts in a session of its own (tests/support/processes.py): its
processes form one group, and `os.killpg` reaches all of them at once.

The servers are started as the make targets start them, with the production servers: the
monolith with `python -m monolith` (waitress, its threads), the catalog API with uvicorn, here
with two worker processes, the ML service with uvicorn, the frontend with `python -m
decoupled.frontend`. Each database is a fresh file in a temporary folder, seeded from the
dataset by the twin's own code before the server starts, so two workers never race to seed it.
The public rate limits are switched off (empty settings): the whole crowd comes from one
address, 127.0.0.1, and would otherwise be refused with 429s after a few requests.
"""

import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.servers import seed_api, seed_monolith
from tests.support import processes
from tests.support.environment import NO_PUBLIC_LIMITS, clean_environment
from tests.support.ports import free_port
from tests.support.processes import START_TIMEOUT, Program, answers
from tests.support.servers import FRONTEND, MONOLITH, uvicorn

WORKERS = 2  # uvicorn worker processes for the catalog API
STOP_TIMEOUT = 20.0
SECRET_KEY = "reliability"  # the monolith's: its CSRF tokens stay valid across a restart


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
    program: Program | None = None
    logs: list[Path] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        return self.program.process if self.program else None

    def start(self) -> None:
        """Start the program and wait until it answers (every worker of it, for uvicorn)."""
        self.launch()
        self.wait_until_ready()

    def launch(self) -> None:
        """Start the program and return at once (then `wait_until_ready`)."""
        log = self.folder / f"{self.name}-{len(self.logs) + 1}.log"
        self.logs.append(log)
        self.program = processes.start(self.name, self.command, self.environment, log)

    def wait_until_ready(self) -> None:
        assert self.program is not None
        ready = self.url + self.ready_path
        self.program.wait_until(
            lambda: answers(ready) and self._workers_started(), f"answer at {ready}", START_TIMEOUT
        )

    def _workers_started(self) -> bool:
        if self.workers == 1 or self.program is None:
            return True
        # One answer proves one worker; the crowd should meet all of them.
        return self.program.printed().count("Application startup complete.") >= self.workers

    def log_tail(self) -> str:
        return self.program.output() if self.program else ""

    def signal_group(self, signum: signal.Signals) -> None:
        """Send `signum` to every process of the server (tests/support/processes.py)."""
        if self.program is not None:
            self.program.signal(signum)

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
        if self.program is not None:
            self.program.stop(STOP_TIMEOUT)


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
        command=uvicorn("decoupled.backend.main:app", port, "--workers", str(WORKERS)),
        environment=clean_environment(
            **NO_PUBLIC_LIMITS, DATABASE_URL=database_url, CORS_ORIGINS=",".join(cors_origins)
        ),
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
        command=MONOLITH,
        environment=clean_environment(
            **NO_PUBLIC_LIMITS,
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
        command=uvicorn("decoupled.ml.main:app", port),
        environment=clean_environment(
            **NO_PUBLIC_LIMITS,
            MODEL_DIR=str(model_dir),
            MODEL="content",
            CORS_ORIGINS=",".join(cors_origins),
        ),
        port=port,
        folder=folder,
        ready_path="/healthz",
    )


def frontend_server(folder: Path, api_url: str, ml_url: str, port: int) -> ProductionServer:
    """The browser frontend as `make frontend` serves it, calling these two services."""
    return ProductionServer(
        name="frontend",
        command=FRONTEND,
        environment=clean_environment(
            **NO_PUBLIC_LIMITS, FRONTEND_PORT=str(port), API_URL=api_url, ML_URL=ml_url
        ),
        port=port,
        folder=folder,
        ready_path="/",
    )


def design_server(design: str, folder: Path, model_dir: Path) -> ProductionServer:
    """The server of one design: "api" (the catalog API) or "monolith"."""
    return api_server(folder) if design == "api" else monolith_server(folder, model_dir)
