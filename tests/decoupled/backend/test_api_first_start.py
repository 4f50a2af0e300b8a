"""The first start on a new database, by several worker processes at once.

`uvicorn --workers 4` starts four copies of the app at the same instant; each runs the lifespan,
which creates the tables and seeds an empty catalog. Only one may do it: the others must wait,
then find the catalog there. Every worker must start, and the catalog must hold each course once.
On SQLite they take turns with a lock file, on PostgreSQL with an advisory lock (db.py); the last
test starts them on PostgreSQL whatever the tests' database is (it skips when not installed).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.databases import Database, TestDatabases

REPO_ROOT = Path(__file__).resolve().parents[3]
WORKERS = 4
COURSES = 256  # data/courses.json


def _start_on_a_new_database(folder: Path, database: Database) -> tuple[int, str]:
    """Start the API with WORKERS workers on an empty database; (workers started, the log)."""
    log_path = folder / "uvicorn.log"
    environment = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    environment["DATABASE_URL"] = database.url
    # Port 0: the system picks a free one; the test reads the database and the log only.
    options = ["--host", "127.0.0.1", "--port", "0", "--workers", str(WORKERS)]
    command = [sys.executable, "-m", "uvicorn", "decoupled.backend.main:app", *options]
    with log_path.open("w") as log:
        server = subprocess.Popen(command, cwd=REPO_ROOT, env=environment, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            text = log_path.read_text(errors="replace")
            started = text.count("Application startup complete.")
            if started >= WORKERS or "Traceback" in text:
                break
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = log_path.read_text(errors="replace")
    return text.count("Application startup complete."), text


def _all_start_on_one_catalog(folder: Path, database: Database) -> None:
    started, log = _start_on_a_new_database(folder, database)

    assert "Traceback" not in log, log[-3000:]
    assert started == WORKERS, log[-3000:]
    slugs = database.rows("SELECT count(*), count(DISTINCT slug) FROM courses")
    assert slugs == [(COURSES, COURSES)]


@pytest.mark.parametrize("attempt", range(3))
def test_four_workers_started_together_on_a_new_database_all_start_on_one_catalog(
    tmp_path: Path, databases: TestDatabases, attempt: int
) -> None:
    _all_start_on_one_catalog(tmp_path, databases.empty("api.sqlite3"))


def test_four_workers_started_together_on_an_empty_postgresql_database_seed_it_once(
    tmp_path: Path, postgres_databases: TestDatabases
) -> None:
    _all_start_on_one_catalog(tmp_path, postgres_databases.empty())
