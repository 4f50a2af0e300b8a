"""The database connection, the per-request session, and seeding from the dataset.

What this teaches: FastAPI's dependency injection. A route asks for `session: SessionDep`
and FastAPI opens a session for that one request and closes it afterwards, whatever
happens. The engine belongs to the app (`app.state`), so each test's app can have its own
database file.

Seeding is one bulk insert per table (`insert(Course.__table__)` with a list of dicts:
one `executemany`, no ORM object per row), and the indexes are built once the rows are in,
so 100,000 courses (`make catalog`) load in about 12 seconds rather than 40, during which the
API answers nothing. A database made by an older
version gets what it lacks at start-up, data kept: the orders' indexes and the full-text index.

The same code runs on PostgreSQL (`DATABASE_URL=postgresql+psycopg://...`): SQLAlchemy writes
each dialect's SQL; what differs is the connection's set-up (`make_engine`), how the workers
take turns at the first start (`first_start_lock`) and the search's index (`search_index.py`).
"""

import fcntl
import json
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    create_engine,
    event,
    false,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from decoupled.backend import search_index
from decoupled.backend.models import Base, Category, Course
from decoupled.backend.search import words_column

# Requests of one worker that may hold a database session at once (see SessionDep).
SESSIONS = 15
MMAP_BYTES = 256 * 1024 * 1024  # SQLite reads up to this much of its file as mapped memory


def make_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.drivername in {"postgres", "postgresql"}:  # no driver named: the one installed
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "postgresql":
        # A connection for each session, and a few for the rest (the first start, /openapi.json):
        # 20 per worker, of the server's 100 (max_connections). Each session in UTC: "now" on
        # the server is then the naive UTC the app stores. pre_ping: a connection the server
        # closed (a restart) is replaced, not handed out.
        return create_engine(
            url,
            pool_size=SESSIONS,
            max_overflow=5,
            pool_pre_ping=True,
            connect_args={"options": "-c TimeZone=UTC"},
        )
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)

    # FastAPI runs plain `def` routes in a thread pool, so a connection may be used by a
    # thread other than the one that opened it. And no request may ever wait for a connection:
    # a request keeps its connection until its answer is written, which needs a worker thread
    # of its own, so with every thread waiting for a connection and every connection waiting
    # for a thread, a crowd of 100 would deadlock. Keep 20 open; open more when needed
    # (max_overflow=-1: no limit; an SQLite connection is a file handle, cheap to open).
    engine = create_engine(
        url, connect_args={"check_same_thread": False}, pool_size=20, max_overflow=-1
    )

    @event.listens_for(engine, "connect")
    def tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets readers carry on while one request writes; busy_timeout makes a second
        # writer wait its turn (up to 5 s) instead of failing with "database is locked".
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Read the file through memory mapped by the operating system: one copy of its pages,
        # shared by every connection and worker, instead of each connection copying what it
        # reads into a 2 MB cache of its own. A search at 100,000 courses reads the rows of its
        # 6,000 matches (about 24 MB); mapped, it takes a third less time.
        cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        cursor.close()

    return engine


async def get_session(request: Request) -> AsyncIterator[Session]:
    # `async def`: making a session waits on nothing (it connects at its first query), so it
    # needs no worker thread, and each hand-off to one and back costs more than this work
    # (lesson 10). Closing it gives its connection back, which rolls back the transaction on
    # the database server: a round trip to PostgreSQL, so it is done in a worker thread.
    session = request.app.state.session_factory()
    try:
        yield session
    finally:
        await run_in_threadpool(session.close)


# A request keeps its session (and its connection) while FastAPI checks its answer, which
# takes one of the threads the routes run in. With more sessions than connections, a crowd of
# 100 on one worker had every thread waiting for a connection and every connection waiting for
# a thread: nothing for 30 s, then 500s. So at most SESSIONS requests hold one at a time, each
# sure of a connection; the others wait for their turn without taking a thread
# (max_concurrency). scope="function": the session closes once the answer is checked, before it
# is sent, so a slow client does not hold a connection.
SessionDep = Annotated[Session, Depends(get_session, scope="function", max_concurrency=SESSIONS)]


def same_text(column: ColumnElement[str], typed: str) -> ColumnElement[bool]:
    """`column == typed`, for text a client typed (a slug in a path, a category). No stored
    text holds the character NUL, which PostgreSQL's text cannot hold: such a value matches
    nothing, said without sending it, since PostgreSQL would answer the query with an error."""
    return false() if "\x00" in typed else column == typed


def _sqlite_file(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.url.get_backend_name() == "sqlite" and database and database != ":memory:":
        return Path(database)
    return None


# Any number, as long as every worker uses the same: PostgreSQL knows the lock by it (per database).
FIRST_START_LOCK = 7_041_936


@contextmanager
def first_start_lock(engine: Engine) -> Iterator[None]:
    """One process at a time sets the database up. `uvicorn --workers 4` starts four copies
    of the app at once; on a new database, each would find no courses and seed them, and all
    but one would crash on the duplicate slugs. The others wait here, then find the catalog.

    SQLite: a lock on a file next to the database. PostgreSQL: an advisory lock, a lock on a
    number that the server holds for one connection until it lets go (or disconnects, so a
    worker that dies mid-seed does not block the others forever).
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
    database = _sqlite_file(engine)
    if database is None:  # another server, or memory: nothing to share
        yield
        return
    # SQLite creates its file on first use, but not the folder (var/) it goes in.
    database.parent.mkdir(parents=True, exist_ok=True)
    with Path(f"{database}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield


def index_for_search(connection: Connection) -> None:
    """Add the indexes a database made by an older version lacks, and the full-text index.

    After building that, ANALYZE lets SQLite measure the tables: knowing there are only three
    levels, the planner walks an order's index and skips other levels to fill a page, rather
    than reading every beginner and sorting them.
    """
    for index in Course.__table__.indexes:  # create_all skips those of existing tables
        index.create(connection, checkfirst=True)
    if search_index.install(connection):
        connection.exec_driver_sql("ANALYZE")


def _create_and_seed(engine: Engine, data_file: Path) -> None:
    Base.metadata.create_all(engine)
    with sessionmaker(engine)() as session:
        if not session.scalar(select(func.count(Course.id))):
            seed_courses(session, data_file)
            session.commit()
    with engine.begin() as connection:
        index_for_search(connection)  # after the rows: one pass, not a trigger per row


def init_db(engine: Engine, data_file: Path) -> None:
    """Create the tables, and fill them from the dataset if there are no courses yet."""
    with first_start_lock(engine):
        _create_and_seed(engine, data_file)


def reset_db(engine: Engine, data_file: Path) -> None:
    """Drop every table (enrollments and partner keys too) and seed afresh."""
    with first_start_lock(engine):
        with engine.begin() as connection:
            search_index.drop(connection)  # not one of the models' tables: drop_all skips it
        Base.metadata.drop_all(engine)
        _create_and_seed(engine, data_file)


def _course_row(record: dict[str, Any], category_id: int) -> dict[str, Any]:
    searchable = [record["title"], record["headline"], *record["tags"], record["instructor"]]
    return {
        "slug": record["slug"],
        "title": record["title"],
        "headline": record["headline"],
        "description": record["description"],
        "category_id": category_id,
        "level": record["level"],
        "instructor": record["instructor"],
        "price_cents": round(record["price"] * 100),
        "rating": record["rating"],
        "review_count": record["review_count"],
        "student_count": record["student_count"],
        "language": record["language"],
        "hours": record["hours"],
        "tags": list(record["tags"]),
        "published": date.fromisoformat(record["published"]),
        "search_words": words_column(" ".join(searchable)),
        "title_words": words_column(record["title"]),
    }


def seed_courses(session: Session, data_file: Path) -> int:
    # The monolith has its own copy of this on purpose: the twins share data, never code.
    records = json.loads(Path(data_file).read_text(encoding="utf-8"))
    names = {record["category"]["slug"]: record["category"]["name"] for record in records}
    session.execute(insert(Category), [{"slug": s, "name": n} for s, n in names.items()])
    category_ids = dict(session.execute(select(Category.slug, Category.id)).all())
    rows = [_course_row(r, category_ids[r["category"]["slug"]]) for r in records]
    # Building an index once from all the rows costs a third of keeping it up to date row by
    # row (8 indexes, 100,000 rows): put them aside, load, then build them.
    indexes = list(Course.__table__.indexes)
    for index in indexes:
        index.drop(session.connection())
    session.execute(insert(Course.__table__), rows)
    for index in indexes:
        index.create(session.connection())
    return len(records)
