"""Run `python -m scale.demo` as the instructor does, and the processes it leaves (or not).

The demo needs PostgreSQL, Redis and nginx installed; `skip_without_servers()` skips a test
with one line saying what to install. `descendants(pid)` lists every process started under
the demo (uvicorn, nginx's master and worker, redis-server, postgres and its backends), read
from /proc, so a test can check that none is left once the demo has stopped.
"""

import os
import pwd
import subprocess
import sys
from pathlib import Path

import pytest

from scale.nginx import find_nginx
from scale.postgres import find_postgres
from scale.redis import find_redis
from tests.support.environment import clean_environment
from tests.support.processes import REPO_ROOT


def skip_without_servers() -> None:
    if find_postgres() is None:
        pytest.skip(
            "PostgreSQL is not installed (apt install postgresql, or brew install postgresql)"
        )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("as root, PostgreSQL needs the postgres user (apt install postgresql)")
    if find_redis() is None:
        pytest.skip(
            "redis-server is not installed (apt install redis-server, or brew install redis)"
        )
    if find_nginx() is None:
        pytest.skip("nginx is not installed (apt install nginx, or brew install nginx)")


def start_demo(folder: Path, port: int, *arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scale.demo",
            "--folder",
            str(folder),
            "--port",
            str(port),
            *arguments,
        ],
        cwd=REPO_ROOT,
        env=clean_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _parents() -> dict[int, int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The command may hold spaces and parentheses: the fields follow the last ")".
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:  # gone meanwhile
            continue
        parents[int(entry.name)] = int(fields[1])
    return parents


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, children, their children, and so on."""
    parents = _parents()
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def still_running(pids: set[int]) -> set[int]:
    """Those of `pids` that still run (a zombie, dead but not yet reaped, does not)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running
