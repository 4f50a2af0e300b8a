"""The first start on a new database, by several worker processes at once.

`uvicorn --workers 4` starts four copies of the app at the same instant; each runs the lifespan,
which creates the tables and seeds an empty catalog. Only one may do it: the others must wait,
then find the catalog there. Every worker must start, and the catalog must hold each course once.
On SQLite they take turns with a lock file, on PostgreSQL with an advisory lock (db.py); the last
test starts them on PostgreSQL whatever the tests' database is (it skips when not installed).
"""

import sys
from pathlib import Path

import pytest

from tests.support.databases import Database, TestDatabases
from tests.support.environment import clean_environment
from tests.support.processes import start

WORKERS = 4
COURSES = 256  # data/courses.json
STARTED = "Application startup complete."  # what each worker says once it serves


def _start_on_a_new_database(folder: Path, database: Database) -> tuple[int, str]:
    """Start the API with WORKERS workers on an empty database; (workers started, the log)."""
    # Port 0: the system picks a free one; the test reads the database and the log only.
    options = ["--host", "127.0.0.1", "--port", "0", "--workers", str(WORKERS)]
    command = [sys.executable, "-m", "uvicorn", "decoupled.backend.main:app", *options]
    environment = clean_environment(DATABASE_URL=database.url)
    server = start("uvicorn", command, environment, folder / "uvicorn.log")

    def all_started_or_failed() -> bool:
        text = server.printed()
        return text.count(STARTED) >= WORKERS or "Traceback" in text

    try:
        server.wait_until(all_started_or_failed, f"start {WORKERS} workers", timeout=90)
    finally:
        server.stop(timeout=30)
    return server.printed().count(STARTED), server.printed()


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
