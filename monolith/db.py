"""The monolith's database: one SQLite file, opened by SQLAlchemy, one session per request.

`get_session()` hands a view the session for the current request (kept on Flask's `g`), and
`close_session` closes it when the request ends, the same shape as flaskr's `get_db()`.
The first start creates the tables and seeds them from `data/courses.json` (or `DATA_FILE`),
then builds the search's full-text index (`monolith.search_index`);
`flask --app monolith init-db` (what `make reset-db` runs) starts again from scratch.

With `MONOLITH_DATABASE_URL` (config.py) the same code runs on a PostgreSQL server instead:
SQLAlchemy writes each dialect's SQL; what differs is the connection's set-up (`make_engine`),
how two processes take turns at the first start (`first_start_lock`) and the search's index.
"""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app, g
from flask.cli import with_appcontext
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    create_engine,
    event,
    false,
    inspect,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from monolith import search_index
from monolith.models import Base, Course
from monolith.seed import seed_courses

MMAP_BYTES = 256 * 1024 * 1024  # SQLite reads up to this much of its file as mapped memory


def database_url(config: dict[str, Any]) -> str:
    """`MONOLITH_DATABASE_URL` when set, else the SQLite file `MONOLITH_DATABASE`."""
    return config.get("DATABASE_URL") or f"sqlite:///{config['DATABASE']}"


def make_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.drivername in {"postgres", "postgresql"}:  # no driver named: the one installed
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() != "sqlite":
        # Each session in UTC: the server's "now" (an enrollment's created_at) is then the
        # naive UTC that SQLite's CURRENT_TIMESTAMP gives.
        return create_engine(url, pool_pre_ping=True, connect_args={"options": "-c TimeZone=UTC"})
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
        # WAL lets readers carry on while a write happens; the busy timeout makes a writer
        # wait for a lock instead of failing at once when two requests write together.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Read the file through memory mapped by the operating system: one copy of its pages,
        # shared by every connection, instead of each connection copying what it reads into a
        # 2 MB cache of its own. A search at 100,000 courses reads the rows of its 6,000
        # matches (about 24 MB); mapped, it takes a third less time.
        cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        cursor.close()

    return engine


def get_engine() -> Engine:
    return current_app.extensions["coursehub_engine"]


def same_text(column: ColumnElement[str], typed: str) -> ColumnElement[bool]:
    """`column == typed`, for text a visitor typed (a slug in an address). No stored text holds
    the character NUL, which PostgreSQL's text cannot hold: such a value matches nothing, said
    without sending it, since PostgreSQL would answer the query with an error."""
    return false() if "\x00" in typed else column == typed


def get_session() -> Session:
    """The SQLAlchemy session of the current request, opened on first use."""
    if "db_session" not in g:
        g.db_session = Session(get_engine())
    return g.db_session


def close_session(_error: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def index_for_search(connection: Connection) -> None:
    """Build the full-text index if it is missing, then let SQLite measure the tables.

    ANALYZE records how the values spread (three levels, thousands of prices), so the query
    planner knows that walking the "price" index and skipping other levels finds a page of
    beginners sooner than reading every beginner and sorting them.
    """
    if search_index.install(connection):
        connection.exec_driver_sql("ANALYZE")


def reset_database(engine: Engine, data_file: str) -> int:
    """Drop every table, create them again and load the dataset. Returns the course count."""
    with engine.begin() as connection:
        search_index.drop(connection)  # not one of the models' tables: drop_all skips it
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        count = seed_courses(session, data_file)
        session.commit()
    with engine.begin() as connection:
        index_for_search(connection)  # after the rows: one pass, not a trigger per row
    return count


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Delete all data (enrollments too) and reload the courses from the dataset."""
    count = reset_database(get_engine(), current_app.config["DATA_FILE"])
    click.echo(f"Initialized the database with {count} courses.")


def add_what_is_missing(engine: Engine) -> None:
    """Bring a database made by an older version of the app up to date, keeping its data:
    the partner keys' table and the courses' `updated_at` came with the partner API; the
    orders' indexes and the full-text index came when the catalog grew to 100,000 courses."""
    Base.metadata.create_all(engine)  # creates only the tables that do not exist yet
    columns = {column["name"] for column in inspect(engine).get_columns("courses")}
    if "updated_at" not in columns:  # only SQLite files are that old: DATETIME is SQLite's
        with engine.begin() as connection:
            connection.execute(text("ALTER TABLE courses ADD COLUMN updated_at DATETIME"))
            connection.execute(text("UPDATE courses SET updated_at = CURRENT_TIMESTAMP"))
    with engine.begin() as connection:
        for index in Course.__table__.indexes:  # create_all skips those of existing tables
            index.create(connection, checkfirst=True)
        index_for_search(connection)


# Any number, as long as every process uses the same: PostgreSQL knows the lock by it.
FIRST_START_LOCK = 5_050_001


@contextmanager
def first_start_lock(engine: Engine) -> Iterator[None]:
    """One process at a time sets the database up: two monoliths started together on a new
    database (waitress and a `flask` command, say) must not both create and seed it.

    SQLite: a lock on a file next to the database. PostgreSQL: an advisory lock, a lock on a
    number that the server holds for one connection until it lets go (or disconnects).
    """
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": FIRST_START_LOCK})
            try:
                yield
            finally:
                connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": FIRST_START_LOCK}
                )
        return
    with Path(f"{engine.url.database}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield


def init_app(app: Flask) -> None:
    engine = make_engine(database_url(app.config))
    app.extensions["coursehub_engine"] = engine
    with first_start_lock(engine):
        if inspect(engine).has_table("courses"):
            add_what_is_missing(engine)
        else:
            reset_database(engine, app.config["DATA_FILE"])
    app.teardown_appcontext(close_session)
    app.cli.add_command(init_db_command)
