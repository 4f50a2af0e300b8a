"""Fixtures for the parity suite: each twin on its own database, seeded from the dataset
(an SQLite file, or with COURSEHUB_TEST_DATABASE=postgresql a PostgreSQL database).

Searching changes nothing, so one pair of twins serves every search test (`readonly_twins`);
enrollment tests write, so each gets a fresh pair (`twins`), made by twins.py. The
recommendation tests read the model files that `trained_models` (tests/conftest.py) writes once
per session, as `make train` does.
"""

from collections.abc import Iterator

import pytest

from tests.parity.twins import DATA_FILES, Twins, make_twins
from tests.support.databases import SessionDatabases, TestDatabases


@pytest.fixture(scope="session")
def readonly_twins(
    session_databases: SessionDatabases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Twins]:
    folder = tmp_path_factory.mktemp("parity")
    pair = [session_databases.for_twin(twin, DATA_FILES[twin], folder) for twin in DATA_FILES]
    with make_twins(*pair) as twins:
        yield twins


@pytest.fixture
def twins(databases: TestDatabases) -> Iterator[Twins]:
    pair = [databases.for_twin(twin, DATA_FILES[twin]) for twin in DATA_FILES]
    with make_twins(*pair) as twins:
        yield twins
