"""For the checks of lesson 06's exercises: CourseHub's servers and the partner's programs,
each in a process of its own, as a partner's nightly job meets them.

The partner's programs fetch over HTTP, so the checks start real servers (waitress for the
monolith, uvicorn for the catalog API) on free ports, with fresh databases in a temporary
folder, and run `python -m partners...` against them with the address in the environment.
"""

import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.exercises.registry import NotDone
from tests.exercises.support import DATASET
from tests.support import processes
from tests.support.commands import CommandFailed, create_partner_key, start_command
from tests.support.environment import clean_environment
from tests.support.ports import free_port

START_TIMEOUT = 30.0
RUN_TIMEOUT = 60.0


# --- CourseHub's servers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    name: str  # as the learner knows it: "the monolith", "the catalog API"
    url: str
    ready_path: str
    program: processes.Program

    @property
    def log(self) -> Path:
        """All it printed, its access log too."""
        return self.program.log

    def wait_until_it_answers(self) -> None:
        try:
            self.program.wait_until_answers(self.url + self.ready_path, START_TIMEOUT)
        except processes.DidNotStart:
            last = _last_line(self.program.printed())
            raise NotDone(
                f"The check could not start {self.name}; its last words: {last}"
            ) from None


def monolith(
    folder: Path, look: str, data_file: Path, **settings: str
) -> AbstractContextManager[Server]:
    """`make monolith` (waitress) on a free port and a fresh database seeded from `data_file`,
    until the block ends; `look` names its files. Call `wait_until_it_answers()` first."""
    return _started(
        f"the monolith ({look})",
        lambda _port: ["monolith"],  # it reads MONOLITH_PORT, which _started sets
        "/",
        folder / f"monolith-{look}.log",
        MONOLITH_DATABASE=str(folder / f"monolith-{look}.sqlite3"),
        MONOLITH_MODEL_DIR=str(folder / "no-model"),  # recommendations are not needed here
        DATA_FILE=str(data_file),
        **settings,
    )


def catalog_api(folder: Path, database_url: str) -> AbstractContextManager[Server]:
    """`make api` (uvicorn) on a free port and the database at `database_url`, until the
    block ends. Call `wait_until_it_answers()` first."""
    return _started(
        "the catalog API",
        lambda port: [
            "uvicorn",
            "decoupled.backend.main:app",
            "--host=127.0.0.1",
            f"--port={port}",
        ],
        "/healthz",
        folder / "api.log",
        DATABASE_URL=database_url,
        DATA_FILE=str(DATASET),
    )


def make_partner_key(database_url: str) -> str:
    """`make partner-key NAME=compare-a-course` on that database (made and seeded first)."""
    try:
        return create_partner_key(database_url, "compare-a-course")
    except CommandFailed as failed:
        said = _last_line(str(failed))
        raise NotDone(
            f"The check could not make a partner key (make partner-key): {said}"
        ) from None


@contextmanager
def _started(
    name: str, command: Callable[[int], list[str]], ready_path: str, log: Path, **env: str
) -> Iterator[Server]:
    port = free_port()
    argv = [sys.executable, "-m", *command(port)]
    env = clean_environment(MONOLITH_PORT=str(port), **env)
    with processes.running(name, argv, env, log) as program:
        yield Server(name, f"http://127.0.0.1:{port}", ready_path, program)


# --- the partner's programs ---------------------------------------------------------------


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str

    @property
    def said(self) -> str:
        """What it said when it failed, in one line: the first, or a traceback's last."""
        lines = [line.strip() for line in self.stderr.splitlines() if line.strip()]
        if not lines:
            return f"it ended with status {self.returncode} and said nothing."
        if lines[0].startswith("Traceback"):
            return f"it crashed with {lines[-1]}"
        if lines[0].startswith("usage:"):  # argparse: the error is on the last line
            return lines[-1]
        return lines[0]


def start_partner(module: str, *args: str, **env: str) -> subprocess.Popen[str]:
    """`python -m partners.<module> <args>` with these environment variables, started."""
    command = [sys.executable, "-m", f"partners.{module}", *args]
    return start_command(command, clean_environment(**env))


def finish(process: subprocess.Popen[str]) -> Finished:
    """What a started partner program printed, once it has ended (or been stopped)."""
    try:
        stdout, stderr = process.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return Finished(-9, "", f"it was still running after {RUN_TIMEOUT:g} seconds.")
    return Finished(process.returncode, stdout, stderr)


def run_partner(module: str, *args: str, **env: str) -> Finished:
    return finish(start_partner(module, *args, **env))


def _last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1].strip() if lines else "nothing"
