"""Fixtures for the parity suite: each twin on its own database, seeded from the dataset
(an SQLite file, or with COURSEHUB_TEST_DATABASE=postgresql a PostgreSQL database).

Searching changes nothing, so one pair of twins serves every search test (`readonly_twins`);
enrolment tests write, so each gets a fresh pair (`twins`). The recommendation tests read the
model files that `trained_models` writes once per session, as `make train` does.
"""

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from decoupled.backend.config import Settings
from decoupled.backend.main import create_app as create_api
from monolith import create_app as create_monolith
from monolith.config import Config
from tests.parity.adapters import ApiCatalog, Catalog, MonolithCatalog
from tests.support.databases import Database, SessionDatabases, TestDatabases

Twins = tuple[Catalog, Catalog]
REPO_ROOT = Path(__file__).resolve().parents[2]
# The datasets each twin seeds from when nothing says otherwise (DATA_FILE, or data/).
DATA_FILES = {"monolith": Path(Config.DATA_FILE), "api": Settings().data_file}


@contextmanager
def _make_twins(monolith_database: Database, api_database: Database) -> Iterator[Twins]:
    # Public rate limits off in both: the suite sends hundreds of searches from one address.
    no_limits = {"SEARCH_RATE_LIMIT": "", "ENROLLMENT_RATE_LIMIT": ""}
    monolith = create_monolith({"TESTING": True, **monolith_database.monolith_config()} | no_limits)
    settings = Settings(
        database_url=api_database.url, search_rate_limit="", enrollment_rate_limit=""
    )
    try:
        with TestClient(create_api(settings)) as api_client:
            yield MonolithCatalog(monolith.test_client()), ApiCatalog(api_client)
    finally:
        monolith.extensions["coursehub_engine"].dispose()


@pytest.fixture(scope="session")
def readonly_twins(
    session_databases: SessionDatabases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Twins]:
    folder = tmp_path_factory.mktemp("parity")
    pair = [session_databases.for_twin(twin, DATA_FILES[twin], folder) for twin in DATA_FILES]
    with _make_twins(*pair) as twins:
        yield twins


@pytest.fixture
def twins(databases: TestDatabases) -> Iterator[Twins]:
    pair = [databases.for_twin(twin, DATA_FILES[twin]) for twin in DATA_FILES]
    with _make_twins(*pair) as twins:
        yield twins


@pytest.fixture(scope="session")
def trained_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A MODEL_DIR with both recommenders, trained once by `python -m decoupled.ml.train`."""
    folder = tmp_path_factory.mktemp("models")
    environment = {
        **os.environ,
        "MODEL_DIR": str(folder),
        "DATA_FILE": str(REPO_ROOT / "data" / "courses.json"),
    }
    trained = subprocess.run(
        [sys.executable, "-m", "decoupled.ml.train"],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert trained.returncode == 0, trained.stdout + trained.stderr
    return folder
