"""For the checks of lesson 06's exercises: CourseHub's servers and the partner's programs,
each in a process of its own, as a partner's nightly job meets them.

The partner's programs fetch over HTTP, so the checks start real servers (waitress for the
monolith, uvicorn for the catalog API) on free ports, with fresh databases in a temporary
folder, and run `python -m partners...` against them with the address in the environment.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.exercises.registry import NotDone
from tests.exercises.support import DATASET, REPO_ROOT

# The user's own settings must reach neither the servers nor the partner's programs.
OWN_SETTINGS = ("MONOLITH_", "API_", "PARTNER_", "DATABASE_URL", "DATA_FILE", "CORS_ORIGINS")
START_TIMEOUT = 30.0
RUN_TIMEOUT = 60.0


def environment(**extra: str) -> dict[str, str]:
    """This environment without proxies or the user's CourseHub settings, plus `extra`."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(OWN_SETTINGS) and not name.lower().endswith("_proxy")
    }
    return {**kept, "NO_PROXY": "127.0.0.1,localhost", "PYTHONIOENCODING": "utf-8", **extra}


# --- CourseHub's servers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    name: str  # as the learner knows it: "the monolith", "the catalog API"
    url: str
    ready_path: str
    process: subprocess.Popen[bytes]
    log: Path  # all it printed, its access log too

    def wait_until_it_answers(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(self.url + self.ready_path):
            if self.process.poll() is not None or time.monotonic() > deadline:
                last = _last_line(self.log.read_text(encoding="utf-8"))
                raise NotDone(f"The check could not start {self.name}; its last words: {last}")
            time.sleep(0.05)


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
    done = subprocess.run(
        [sys.executable, "-m", "decoupled.backend.cli", "create-partner-key", "compare-a-course"],
        cwd=REPO_ROOT,
        env=environment(DATABASE_URL=database_url, DATA_FILE=str(DATASET)),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=RUN_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise NotDone(
            "The check could not make a partner key (make partner-key): "
            f"{_last_line(done.stdout + done.stderr)}"
        )
    return done.stdout.strip().splitlines()[-1]


@contextmanager
def _started(
    name: str, command: Callable[[int], list[str]], ready_path: str, log: Path, **env: str
) -> Iterator[Server]:
    port = _free_port()
    with log.open("w", encoding="utf-8") as output:  # the child keeps its own copy
        process = subprocess.Popen(
            [sys.executable, "-m", *command(port)],
            cwd=REPO_ROOT,
            env=environment(MONOLITH_PORT=str(port), **env),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield Server(name, f"http://127.0.0.1:{port}", ready_path, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


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
    return subprocess.Popen(
        [sys.executable, "-m", f"partners.{module}", *args],
        cwd=REPO_ROOT,
        env=environment(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


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
