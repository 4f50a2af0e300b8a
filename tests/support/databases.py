"""Where the tests' databases live: SQLite files (the default), or a real PostgreSQL server.

`COURSEHUB_TEST_DATABASE=postgresql` (what `make test-postgres` sets) runs the catalog API's, the
monolith's and the parity tests on one throwaway PostgreSQL server for the whole session
(`scale.postgres`, fsync off: the data is thrown away). Each twin's catalog is seeded once, into
a template database; each test gets `CREATE DATABASE t_N TEMPLATE ...`, a copy made in a
fraction of a second, dropped when the test ends. Unset, every test gets an SQLite file, as always.

A test reads and writes a database through `Database.rows` and `Database.run` (SQLAlchemy, so
the same SQL on both). A test about SQLite itself (its file, WAL, FTS5) is marked
`@pytest.mark.sqlite_only("why")`, and skips on PostgreSQL with that reason.

This module is a pytest plugin (tests/conftest.py loads it): its fixtures serve every folder.
"""

import atexit
import functools
import itertools
import os
import shutil
import weakref
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.pool import NullPool, Pool

from scale.postgres import NOT_INSTALLED, PostgresServer, find_postgres, postgres_server

VARIABLE = "COURSEHUB_TEST_DATABASE"
SQLITE, POSTGRESQL = "sqlite", "postgresql"


def backend() -> str:
    """The database the tests run on: `sqlite` unless the variable says `postgresql`."""
    value = os.environ.get(VARIABLE, "").strip().lower() or SQLITE
    if value not in (SQLITE, POSTGRESQL):
        raise pytest.UsageError(f"{VARIABLE} must be {SQLITE} or {POSTGRESQL}, not {value!r}")
    return value


def on_postgresql() -> bool:
    return backend() == POSTGRESQL


@dataclass(frozen=True)
class Database:
    """One test database: its SQLAlchemy URL, and its file on SQLite (None on PostgreSQL)."""

    url: str
    file: Path | None = None
    name: str | None = None  # on PostgreSQL

    def rows(self, sql: str, **parameters: Any) -> list[tuple[Any, ...]]:
        """What a query returns, read on a connection of its own, not the app's."""
        with _engine(self.url) as engine, engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), parameters)]

    def run(self, sql: str, **parameters: Any) -> None:
        """A write, committed, as another program (the `sqlite3` or `psql` shell) would make it."""
        with _engine(self.url) as engine, engine.begin() as connection:
            connection.execute(text(sql), parameters)

    def monolith_config(self) -> dict[str, str]:
        """The monolith's settings for this database. The URL is set either way, so that a
        MONOLITH_DATABASE_URL in the environment cannot take a test's SQLite file's place."""
        if self.file is None:
            return {"DATABASE_URL": self.url}
        return {"DATABASE": str(self.file), "DATABASE_URL": ""}

    def monolith_environment(self) -> dict[str, str]:
        """The same, as the environment variables of a `python -m monolith` or `flask` run."""
        return {f"MONOLITH_{key}": value for key, value in self.monolith_config().items()}


@contextmanager
def _engine(url: str) -> Iterator[Engine]:
    """An engine without a pool, disposed at the end of the block: nothing stays connected."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        yield engine
    finally:
        engine.dispose()


@functools.cache
def postgres() -> PostgresServer:
    """The session's PostgreSQL server, started on first use and stopped when Python exits."""
    if find_postgres() is None:
        pytest.skip(f"{NOT_INSTALLED} (or unset {VARIABLE})", allow_module_level=True)
    stack = ExitStack()
    server = stack.enter_context(postgres_server(durable=False))
    atexit.register(stack.close)
    return server


_numbers = itertools.count(1)


def new_database(folder: Path, filename: str, *, server: bool | None = None) -> Database:
    """An empty database: a new file in `folder`, or a new database on the server (`server`:
    where the variable says when None). The caller drops it (`drop`); the fixtures drop theirs."""
    if not (on_postgresql() if server is None else server):
        return Database(url=f"sqlite:///{folder / filename}", file=folder / filename)
    name = f"t_{next(_numbers)}"
    return Database(url=postgres().create_database(name), name=name)


def copy_of(template: Database, folder: Path, filename: str) -> Database:
    """A database holding what `template` holds, for one test to change as it likes."""
    if template.file is None:
        name = f"t_{next(_numbers)}"
        return Database(url=postgres().create_database(name, template=template.name), name=name)
    copy = folder / filename
    for suffix in ("", "-wal"):  # a file with its write-ahead log, if one was left
        source = template.file.with_name(template.file.name + suffix)
        if source.exists():
            shutil.copyfile(source, copy.with_name(copy.name + suffix))
    return Database(url=f"sqlite:///{copy}", file=copy)


# Every connection any engine opens. An app a test leaves open keeps connections to the
# database the test then drops: they are closed with it, not left for the garbage collector
# (psycopg warns of an open connection it collects, and a warning fails a test).
_connections: weakref.WeakSet[psycopg.Connection[Any]] = weakref.WeakSet()


@event.listens_for(Pool, "connect")
def _remember(connection: Any, _record: Any) -> None:
    if isinstance(connection, psycopg.Connection):
        _connections.add(connection)


def drop(database: Database) -> None:
    if database.name is None:
        return
    postgres().drop_database(database.name)  # WITH (FORCE): disconnects whoever is still on it
    for connection in [c for c in _connections if not c.closed]:
        if connection.info.dbname == database.name:
            connection.close()


def seed_api(database: Database, data_file: Path) -> None:
    """The catalog API's first start, on `database`: tables, courses, indexes."""
    from decoupled.backend.db import init_db, make_engine

    engine = make_engine(database.url)
    init_db(engine, data_file)
    engine.dispose()  # the last connection closing folds SQLite's WAL back into the file


def seed_monolith(database: Database, data_file: Path) -> None:
    """The monolith's first start, on `database` (create_app creates and seeds)."""
    from monolith import create_app, db

    app = create_app({"TESTING": True, "DATA_FILE": str(data_file), **database.monolith_config()})
    with app.app_context():
        db.get_engine().dispose()


SEEDS: dict[str, Callable[[Database, Path], None]] = {"api": seed_api, "monolith": seed_monolith}


class SessionDatabases:
    """The session's seeded templates, one per twin and dataset, made on first request."""

    def __init__(self, folders: pytest.TempPathFactory, *, server: bool) -> None:
        self.folders = folders
        self.server = server  # PostgreSQL, or SQLite files
        self.templates: dict[tuple[str, Path], Database] = {}

    def for_twin(self, twin: str, data_file: Path, folder: Path) -> Database:
        """A database for `twin` to start on: on SQLite a new file, which it seeds; on
        PostgreSQL a copy of its seeded catalog (the same rows, without a seed each time)."""
        if not self.server:
            return new_database(folder, f"{twin}.sqlite3", server=False)
        return copy_of(self.seeded(twin, data_file), folder, f"{twin}.sqlite3")

    def seeded(self, twin: str, data_file: Path) -> Database:
        """A database `twin` seeded from `data_file` by its own first start. Copy it (the
        `databases` fixture's `copy`); a test never changes it."""
        key = (twin, Path(data_file))
        if key not in self.templates:
            folder = self.folders.mktemp(f"seeded-{twin}")
            template = new_database(folder, f"{twin}.sqlite3", server=self.server)
            SEEDS[twin](template, Path(data_file))
            self.templates[key] = template
        return self.templates[key]


class TestDatabases:
    """A test's own databases, dropped when it ends (SQLite's files go with tmp_path)."""

    __test__ = False  # a helper, not a class of tests

    def __init__(self, session: SessionDatabases, folder: Path) -> None:
        self.session = session
        self.folder = folder
        self.made: list[Database] = []

    def empty(self, filename: str = "coursehub.sqlite3", folder: Path | None = None) -> Database:
        """A new empty database (SQLite: a file not made yet, in `folder` or tmp_path)."""
        return self._keep(new_database(folder or self.folder, filename, server=self.session.server))

    def copy(self, template: Database, filename: str = "coursehub.sqlite3") -> Database:
        return self._keep(copy_of(template, self.folder, filename))

    def seeded(self, twin: str, data_file: Path, filename: str | None = None) -> Database:
        """A fresh copy of `twin`'s seeded catalog."""
        template = self.session.seeded(twin, data_file)
        return self.copy(template, filename or f"{twin}.sqlite3")

    def for_twin(self, twin: str, data_file: Path) -> Database:
        """See `SessionDatabases.for_twin`; dropped when the test ends."""
        return self._keep(self.session.for_twin(twin, data_file, self.folder))

    def _keep(self, database: Database) -> Database:
        self.made.append(database)
        return database

    def drop_all(self) -> None:
        for database in self.made:
            drop(database)


@pytest.fixture(scope="session")
def session_databases(tmp_path_factory: pytest.TempPathFactory) -> SessionDatabases:
    if on_postgresql():
        postgres()  # skips every test that needs a database when PostgreSQL is not installed
    return SessionDatabases(tmp_path_factory, server=on_postgresql())


@pytest.fixture
def databases(session_databases: SessionDatabases, tmp_path: Path) -> Iterator[TestDatabases]:
    """This test's databases: `databases.empty()`, `databases.copy(template)`, `.seeded(twin)`."""
    made = TestDatabases(session_databases, tmp_path)
    yield made
    made.drop_all()


@pytest.fixture(scope="session")
def session_postgres_databases(
    session_databases: SessionDatabases, tmp_path_factory: pytest.TempPathFactory
) -> SessionDatabases:
    if session_databases.server:  # the same templates serve both
        return session_databases
    postgres()  # skips when PostgreSQL is not installed
    return SessionDatabases(tmp_path_factory, server=True)


@pytest.fixture
def postgres_databases(
    session_postgres_databases: SessionDatabases, tmp_path: Path
) -> Iterator[TestDatabases]:
    """Databases on PostgreSQL whatever the variable says: for the tests of PostgreSQL itself."""
    made = TestDatabases(session_postgres_databases, tmp_path)
    yield made
    made.drop_all()


def pytest_configure(config: pytest.Config) -> None:
    backend()  # a misspelt value stops the run at once


def pytest_sessionstart(session: pytest.Session) -> None:
    # Asked for PostgreSQL, without one: one line that says what to install, not a skip per test.
    if on_postgresql() and find_postgres() is None:
        pytest.exit(f"{NOT_INSTALLED}: nothing to run (unset {VARIABLE} for SQLite)", returncode=0)


def pytest_runtest_setup(item: pytest.Item) -> None:
    marker = item.get_closest_marker("sqlite_only")
    if marker is not None and on_postgresql():
        pytest.skip(f"SQLite only: {marker.args[0] if marker.args else 'about SQLite itself'}")
