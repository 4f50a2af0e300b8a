"""For the checks of lesson 02's exercises: a real catalog API, and a learner's script run
against it, each in a process of its own.

Those exercises are about a program that talks to the API over the network, so the check does
what a user would: it starts the API with uvicorn on a free port, with a fresh SQLite database
in a temporary folder, and runs the script with API_URL set to that address.
"""

import json
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.exercises.registry import NotDone
from tests.exercises.support import DATASET, REPO_ROOT
from tests.support import processes
from tests.support.commands import run
from tests.support.environment import clean_environment
from tests.support.ports import free_port

START_TIMEOUT = 30.0


def get_json(url: str) -> tuple[int, Any]:
    """(status, JSON body) of a GET, errors included, with no proxy in between."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=5) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@contextmanager
def catalog_api(change: Callable[[list[dict[str, Any]]], None] | None = None) -> Iterator[str]:
    """The catalog API (`uvicorn decoupled.backend.main:app`) on a free port; its address.

    `change`, if given, edits the courses it is seeded with (a copy of data/courses.json).
    """
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        data_file = DATASET
        if change is not None:
            courses = json.loads(DATASET.read_text(encoding="utf-8"))
            change(courses)
            data_file = folder / "courses.json"
            data_file.write_text(json.dumps(courses), encoding="utf-8")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = clean_environment(
            DATABASE_URL=f"sqlite:///{folder / 'api.sqlite3'}", DATA_FILE=str(data_file)
        )
        command = [sys.executable, "-m", "uvicorn", "decoupled.backend.main:app"]
        command += ["--host", "127.0.0.1", "--port", str(port)]
        with processes.running("the catalog API", command, env, folder / "uvicorn.log") as api:
            try:
                api.wait_until_answers(f"{url}/healthz", timeout=START_TIMEOUT)
            except processes.DidNotStart:
                raise NotDone(
                    "The check could not start the catalog API (uvicorn "
                    f"decoupled.backend.main:app); its last words: {last_words(api)} "
                    "Does `make api` start?"
                ) from None
            yield url


def last_words(program: processes.Program) -> str:
    """The last line a program printed, for a check's one-line message."""
    lines = program.printed().strip().splitlines()
    return lines[-1].strip() if lines else "(nothing)"


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.stdout.splitlines() if line.strip()]

    @property
    def last_words(self) -> str:
        """The last line the script wrote, the error of a traceback for instance."""
        lines = self.output.strip().splitlines()
        return lines[-1].strip() if lines else "nothing"


def run_script(module: str, api_url: str, *args: str) -> Run:
    """`python -m <module> <args>` from the repository's root, with API_URL=api_url."""
    try:
        done = run(
            [sys.executable, "-m", module, *args], clean_environment(API_URL=api_url), timeout=60
        )
    except subprocess.TimeoutExpired:
        raise NotDone(
            f"python -m {module} {' '.join(args)} was still running after 60 seconds: "
            "give each request a timeout."
        ) from None
    return Run(done.returncode, done.stdout, done.stderr)


def script_exists(module: str, what: str) -> None:
    """NotDone, plainly, while the learner's file is not there yet."""
    path = Path(*module.split(".")).with_suffix(".py")
    if not (REPO_ROOT / path).is_file():
        raise NotDone(f"There is no {path.as_posix()} yet: create it, {what}.")
