"""CourseHub's servers as the tests start them: the make targets' commands, and a `Server`.

The commands are the ones the Makefile runs, on a port of the caller's: the monolith under
waitress (`python -m monolith`, which reads MONOLITH_PORT), the catalog API and the ML service
under uvicorn, the frontend's static server (FRONTEND_PORT). A `Server` is a program started
by tests/support/processes.py with the address it serves: start several, then wait for each,
so that they start side by side.
"""

import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.processes import START_TIMEOUT, Program, start

BIN = Path(sys.executable).parent  # the virtual environment's scripts: uvicorn
MONOLITH = [sys.executable, "-m", "monolith"]
FRONTEND = [sys.executable, "-m", "decoupled.frontend"]


def uvicorn(app: str, port: int, *options: str) -> list[str]:
    """`app` under uvicorn as `make api` and `make ml` serve theirs (options: --workers 2)."""
    return [str(BIN / "uvicorn"), app, "--host", "127.0.0.1", "--port", str(port), *options]


@dataclass
class Server:
    """A started program that serves `url`; ready once `url + ready_path` answers 200."""

    program: Program
    url: str
    ready_path: str = "/"

    @property
    def name(self) -> str:
        return self.program.name

    @property
    def log(self) -> Path:
        return self.program.log

    def wait_until_ready(self, timeout: float = START_TIMEOUT) -> None:
        self.program.wait_until_answers(self.url + self.ready_path, timeout)

    def stop(self) -> None:
        self.program.stop()


def start_server(
    name: str,
    command: Sequence[str],
    env: Mapping[str, str],
    log: Path,
    url: str,
    ready_path: str = "/",
) -> Server:
    """`command` started (not waited for), its output in `log`."""
    return Server(start(name, command, env, log), url, ready_path)


@contextmanager
def serving(server: Server, *, wait: bool = True) -> Iterator[Server]:
    """`server` (just started), ready unless `wait=False` (the caller waits later, once it has
    started the others), and stopped when the block ends."""
    try:
        if wait:
            server.wait_until_ready()
        yield server
    finally:
        server.stop()
