"""Commands run to their end, as the tests run them: the output captured, the time bounded.

`run` is a program that does its work and exits (a partner's script, an agent, the client's
command line, make); `start_command`, one of several run side by side. `create_partner_key`
and `create_monolith_partner_key` are the administrator's commands behind `make partner-key`
and `make monolith-partner-key`, run on a test's own database; the key is the last line they
print.
"""

import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.support.environment import clean_environment
from tests.support.processes import REPO_ROOT

RUN_TIMEOUT = 120.0  # seconds: a command still running then is taken for a hang


class CommandFailed(RuntimeError):
    """An administrator's command ended with an error; the message ends with what it said."""


def run(
    command: Sequence[str], env: Mapping[str, str], *, timeout: float = RUN_TIMEOUT
) -> subprocess.CompletedProcess[str]:
    """`command` from the repository's root with the whole environment `env`, to its end."""
    return subprocess.run(
        list(command),
        cwd=REPO_ROOT,
        env=dict(env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def start_command(command: Sequence[str], env: Mapping[str, str]) -> subprocess.Popen[str]:
    """`command` started from the repository's root, its output piped, for commands that run
    side by side: read what it printed with `communicate(timeout=...)`."""
    return subprocess.Popen(
        list(command),
        cwd=REPO_ROOT,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def _key_from(command: list[str], env: Mapping[str, str]) -> str:
    done = run(command, env)
    if done.returncode != 0:
        raise CommandFailed(f"{' '.join(command[2:])} failed:\n{done.stdout}{done.stderr}")
    return done.stdout.strip().splitlines()[-1].strip()


def create_partner_key(database_url: str, name: str) -> str:
    """`make partner-key NAME=<name>` on the catalog API's database at `database_url` (created
    and seeded first when it is new); the key."""
    command = [sys.executable, "-m", "decoupled.backend.cli", "create-partner-key", name]
    return _key_from(command, clean_environment(DATABASE_URL=database_url))


def create_monolith_partner_key(database: Path, name: str) -> str:
    """`make monolith-partner-key NAME=<name>` on the monolith's SQLite file `database`."""
    command = [sys.executable, "-m", "flask", "--app", "monolith", "create-partner-key", name]
    return _key_from(command, clean_environment(MONOLITH_DATABASE=str(database)))
