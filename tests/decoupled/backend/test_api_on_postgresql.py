"""The catalog API on PostgreSQL, whatever database the other tests use (skips when absent).

Where PostgreSQL works differently from SQLite, the API must not answer differently:
- search: no FTS5, so a trigram index (search_index.py) must serve the very `LIKE` of the rule;
- order: PostgreSQL sorts text by a language's rules (this server's are ICU's en-US), SQLite by
  character codes; the API's slugs and names sort by character codes on both, and the order's
  indexes still serve the pages;
- a crowd: a worker has a pool of 20 connections, not SQLite's unbounded one, and 200 requests
  at once must still each get their answer (db.py's SessionDep).

A table this small (256 courses) is read whole more cheaply than through an index, and
PostgreSQL rightly does so. To see which index *can* serve a statement, as on a large catalog,
the plans here are read with table scans and sorts priced out (`enable_seqscan`, `enable_sort`).
"""

import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from decoupled.backend.config import get_settings
from decoupled.backend.params import SearchParams
from decoupled.backend.search import search_courses
from decoupled.backend.search_index import TRIGRAM_INDEX
from tests.support.crowd import all_at_once
from tests.support.databases import Database, TestDatabases
from tests.support.environment import NO_PUBLIC_LIMITS, clean_environment
from tests.support.ports import free_port
from tests.support.processes import running
from tests.support.statements import statements

CROWD = 200


@pytest.fixture
def database(postgres_databases: TestDatabases) -> Database:
    """This module's apps run on a copy of the catalog on PostgreSQL."""
    return postgres_databases.seeded("api", get_settings().data_file)


def _plan(app: FastAPI, params: SearchParams, *, choose: str) -> str:
    """The plan of the statement `search_courses` runs for `params` that contains `choose`."""
    engine = app.state.engine
    with Session(engine) as session:
        with statements(engine) as seen:
            search_courses(session, params)
        statement, parameters = next((s, p) for s, p in seen.with_parameters() if choose in s)
        connection = session.connection()
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        connection.exec_driver_sql("SET LOCAL enable_sort = off")
        rows = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
    return "\n".join(row[0] for row in rows)


def test_search_on_postgresql_is_served_by_the_trigram_index(
    client: TestClient, app: FastAPI, expected_search: Callable[..., list[str]]
) -> None:
    plan = _plan(app, SearchParams(q="ai agen"), choose="LIMIT")

    assert f"Bitmap Index Scan on {TRIGRAM_INDEX}" in plan, plan
    assert "Seq Scan" not in plan, plan
    found = client.get("/api/v2/courses", params={"q": "ai agen"}).json()
    assert [course["slug"] for course in found["items"]] == expected_search("ai agen")[:12]


@pytest.mark.parametrize("sort", ["relevance", "rating", "newest", "price_asc", "price_desc"])
def test_on_postgresql_a_page_without_words_is_read_off_its_orders_index(
    client: TestClient, app: FastAPI, sort: str
) -> None:
    # Possible only if the index sorts the slug as the query does: both by character codes.
    plan = _plan(app, SearchParams(sort=sort, page=2), choose="LIMIT")

    assert f"Index Scan using ix_courses_{sort}" in plan, plan
    assert "Sort" not in plan.replace("Sort Key", ""), plan


def test_on_postgresql_ties_are_broken_by_the_slug_in_character_code_order(
    client: TestClient, database: Database, courses: list[dict[str, Any]]
) -> None:
    # Three courses, most expensive and equally priced, whose slugs sort three ways: by
    # character codes "Zeta" < "_zeta" < "zeta", but en-US puts "_" first and "z" before "Z".
    slugs = ["zeta-course", "Zeta-course", "_zeta-course"]
    for record, slug in zip(courses, slugs, strict=False):
        database.run(
            "UPDATE courses SET slug = :new, price_cents = 99999999 WHERE slug = :old",
            new=slug,
            old=record["slug"],
        )

    found = client.get("/api/v2/courses", params={"sort": "price_desc", "per_page": 3}).json()

    assert [course["slug"] for course in found["items"]] == sorted(slugs)


def test_on_postgresql_categories_are_listed_by_name_in_character_code_order(
    client: TestClient, database: Database
) -> None:
    # Three categories renamed so that the orders disagree: en-US puts "apple" first.
    [(first,), (second,), (third,)] = database.rows("SELECT id FROM categories LIMIT 3")
    for category, name in [(first, "apple"), (second, "Zebra"), (third, "Éclair")]:
        database.run("UPDATE categories SET name = :name WHERE id = :id", name=name, id=category)

    names = [category["name"] for category in client.get("/api/v2/categories").json()]

    assert names == sorted(names)  # Python compares strings by character codes, as SQLite
    assert names.index("Zebra") < names.index("apple") < names.index("Éclair")


@contextmanager
def _one_uvicorn_worker(database: Database, log: Path) -> Iterator[str]:
    """`make api` with one worker on `database`; its address."""
    port = free_port()
    environment = clean_environment(DATABASE_URL=database.url, **NO_PUBLIC_LIMITS)
    command = [sys.executable, "-m", "uvicorn", "decoupled.backend.main:app", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with running("uvicorn", command, environment, log, f"{url}/healthz"):
        yield url


def test_on_postgresql_a_crowd_on_one_worker_each_gets_its_answer(
    database: Database, tmp_path: Path
) -> None:
    # Once, 100 at once had all 40 threads waiting for one of 15 connections, and the 15
    # requests holding them waiting for a thread: nothing for 30 s, then 500s.
    with _one_uvicorn_worker(database, tmp_path / "uvicorn.log") as url:
        outcomes = all_at_once(
            CROWD, lambda _: requests.get(f"{url}/api/v2/courses?q=ai", timeout=60).status_code
        )
    answers = Counter(o if isinstance(o, int) else type(o).__name__ for o in outcomes)

    assert answers == {200: CROWD}, answers
