"""For the checks of exercises 03.2 and 07.1: both partner feeds, for real, each with a key.

The monolith with its API on (`MONOLITH_API=1 make monolith`) and the catalog API
(`make api`), each in a process of its own on a free port, with a fresh database in the
check's folder and a partner key made on that database the way a learner makes one
(`make monolith-partner-key`, `make partner-key`). The two keys are made at the same time,
then the two servers start at the same time: the check waits for the slower one only.
"""

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.exercises.checks import partner_processes as processes
from tests.exercises.registry import NotDone
from tests.exercises.support import DATASET
from tests.support.commands import start_command
from tests.support.environment import clean_environment

LOOK = "with-api"  # names the monolith's files in the folder: monolith-with-api.sqlite3


@dataclass(frozen=True)
class Feeds:
    monolith: processes.Server
    api: processes.Server
    monolith_key: str  # for the monolith's feed
    api_key: str  # for the catalog API's feed
    monolith_database: Path  # the monolith's SQLite file


def _start_key_command(module: list[str], name: str, **env: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", *module, "create-partner-key", name]
    return start_command(command, clean_environment(DATA_FILE=str(DATASET), **env))


def _key(process: subprocess.Popen[str], made_by: str) -> str:
    """The key a `create-partner-key` command printed on its last line."""
    try:
        stdout, stderr = process.communicate(timeout=processes.RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise NotDone(f"The check could not make a partner key ({made_by}): it hung.") from None
    if process.returncode != 0 or not stdout.strip():
        said = (stdout + stderr).strip().splitlines() or ["nothing"]
        raise NotDone(f"The check could not make a partner key ({made_by}): {said[-1]}")
    return stdout.strip().splitlines()[-1]


@contextmanager
def both_feeds(folder: Path, name: str) -> Iterator[Feeds]:
    """Both servers, answering, with a key each named `name`, until the block ends."""
    monolith_database = folder / f"monolith-{LOOK}.sqlite3"
    api_database = f"sqlite:///{folder / 'api.sqlite3'}"
    making = (
        _start_key_command(
            ["flask", "--app", "monolith"],
            name,
            MONOLITH_DATABASE=str(monolith_database),
            MONOLITH_MODEL_DIR=str(folder / "no-model"),  # recommendations are not needed here
        ),
        _start_key_command(["decoupled.backend.cli"], name, DATABASE_URL=api_database),
    )
    try:
        monolith_key = _key(making[0], "make monolith-partner-key")
        api_key = _key(making[1], "make partner-key")
    finally:
        for process in making:
            if process.poll() is None:  # the other one failed first
                process.kill()
                process.communicate()
    with (
        processes.monolith(folder, LOOK, DATASET, MONOLITH_API="1") as monolith,
        processes.catalog_api(folder, api_database) as api,
    ):
        monolith.wait_until_it_answers()
        api.wait_until_it_answers()
        yield Feeds(monolith, api, monolith_key, api_key, monolith_database)
