"""Start the demo's programs side by side, wait until each answers, stop them all at the end.

Starting is the slow part (every Python program imports its libraries, every app seeds its own
database), so all of them start at once and are waited for together: the demo is ready when
the slowest one is. Each runs in its own session (`start_new_session`), so a Ctrl-C in the
terminal reaches the demo only, which then stops them in order instead of all dying at once.
Each one's output goes to a log file in the temporary folder, shown when it fails to start.
"""

import os
import subprocess
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Self

import requests

from demo.programs import Program

REPO_ROOT = Path(__file__).resolve().parent.parent
# Settings of the project's programs: a child gets only the ones the demo gives it, so what
# an instructor has exported in this shell (API_URL, MODEL...) cannot change the story.
OURS = ("MONOLITH_", "API_", "PARTNER_", "DATABASE_URL", "DATA_FILE", "MODEL", "ML_", "CORS_")
OURS += ("FRONTEND_", "DEMO_")


def child_environment(extra: Mapping[str, str]) -> dict[str, str]:
    """This process's environment, without proxies or project settings, plus `extra`."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.lower().endswith("_proxy") and not name.startswith(OURS)
    }
    return {**kept, "NO_PROXY": "127.0.0.1,localhost", "PYTHONUNBUFFERED": "1", **extra}


class StartFailed(Exception):
    """A program stopped, or did not answer in time; the message ends with its log."""


class Running:
    """The programs of one demo, as a context manager: `with Running(folder) as running:`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.programs: dict[str, Program] = {}
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self._logs: list[IO[bytes]] = []

    def start(self, programs: Iterable[Program]) -> None:
        """Start each program, without waiting for any of them (a program started again
        writes on at the end of its log)."""
        for program in programs:
            log = open(self.log_path(program.name), "ab")  # noqa: SIM115 (closed in stop_all)
            self._logs.append(log)
            self.programs[program.name] = program
            self.processes[program.name] = subprocess.Popen(  # noqa: S603 (our own commands)
                program.command,
                cwd=REPO_ROOT,
                env=child_environment(program.env),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_ready(self, timeout: float = 120) -> None:
        """Return once every program answers 200 at its ready path; else `StartFailed`."""
        waiting = dict(self.programs)
        deadline = time.monotonic() + timeout
        with requests.Session() as http:
            http.trust_env = False  # no proxy between us and 127.0.0.1
            while waiting:
                for name, program in list(waiting.items()):
                    if _answers(http, program.url + program.ready_path):
                        del waiting[name]
                    elif self.processes[name].poll() is not None:
                        raise StartFailed(self._why(name, "stopped while starting"))
                if waiting and time.monotonic() > deadline:
                    name = next(iter(waiting))
                    raise StartFailed(self._why(name, f"did not answer within {timeout:g} s"))
                time.sleep(0.1)

    def is_stopped(self, name: str) -> bool:
        return self.processes[name].poll() is not None

    def restart(self, name: str) -> None:
        """Start a stopped program again, and wait until it answers."""
        self.start([self.programs[name]])
        program, deadline = self.programs[name], time.monotonic() + 120
        with requests.Session() as http:
            http.trust_env = False
            while not _answers(http, program.url + program.ready_path):
                if self.is_stopped(name) or time.monotonic() > deadline:
                    raise StartFailed(self._why(name, "did not start again"))
                time.sleep(0.1)

    def stop(self, name: str) -> int:
        """Stop one program, as a crash or a deploy would (SIGTERM); its process id."""
        process = self.processes[name]
        _terminate([process])
        return process.pid

    def stop_all(self) -> None:
        """Ask every program to stop at once, then wait for each (kill after 10 s)."""
        _terminate(list(reversed(self.processes.values())))
        for log in self._logs:
            log.close()

    def log_path(self, name: str) -> Path:
        return self.folder / f"{name}.log"

    def _why(self, name: str, what: str) -> str:
        program = self.programs[name]
        tail = self.log_path(name).read_text(errors="replace").splitlines()[-15:]
        hint = ""
        if any("address already in use" in line.lower() for line in tail):
            hint = f" Port {program.port} is busy: `make doctor` shows what holds it."
        return f"The {name} ({program.url}) {what}.{hint} The end of its log:\n" + "\n".join(tail)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop_all()


def _answers(http: requests.Session, url: str) -> bool:
    try:
        return http.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _terminate(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
