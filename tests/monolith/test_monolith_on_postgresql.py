"""The monolith on PostgreSQL, whatever database the other tests use (skips when absent).

Where PostgreSQL works differently from SQLite, the pages must not differ:
- search: no FTS5, so a trigram index (monolith/search_index.py) must serve the rule's `LIKE`;
- order: PostgreSQL sorts text by a language's rules (this server's are ICU's en-US), SQLite by
  character codes; slugs and category names sort by character codes on both, and the order's
  indexes still serve the pages.

A table this small (256 courses) is read whole more cheaply than through an index, and
PostgreSQL rightly does so. To see which index *can* serve a statement, as on a large catalog,
the plans here are read with table scans and sorts priced out (`enable_seqscan`, `enable_sort`).
"""

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from monolith import db
from monolith.search import SearchParams, search_courses
from monolith.search_index import TRIGRAM_INDEX
from tests.support.databases import Database, TestDatabases
from tests.support.statements import statements


@pytest.fixture
def database(postgres_databases: TestDatabases, dataset_path: Any) -> Database:
    """This module's apps run on a copy of the catalog on PostgreSQL."""
    return postgres_databases.seeded("monolith", dataset_path)


def _plan(app: Flask, query: SearchParams) -> str:
    """The plan of the statement that reads the page of `search_courses(query)`."""
    with app.app_context(), Session(db.get_engine()) as session:
        with statements(db.get_engine()) as seen:
            search_courses(session, query)
        statement, parameters = next((s, p) for s, p in seen.with_parameters() if "LIMIT" in s)
        connection = session.connection()
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        connection.exec_driver_sql("SET LOCAL enable_sort = off")
        rows = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
    return "\n".join(row[0] for row in rows)


def test_search_on_postgresql_is_served_by_the_trigram_index(
    app: Flask, search: Callable[..., Any], expected_slugs: Callable[..., list[str]]
) -> None:
    plan = _plan(app, SearchParams(q="ai agen"))

    assert f"Bitmap Index Scan on {TRIGRAM_INDEX}" in plan, plan
    assert "Seq Scan" not in plan, plan
    assert search(q="ai agen").slugs == expected_slugs(q="ai agen")[:12]


@pytest.mark.parametrize("sort", ["relevance", "rating", "newest", "price_asc", "price_desc"])
def test_on_postgresql_a_page_without_words_is_read_off_its_orders_index(
    app: Flask, sort: str
) -> None:
    # Possible only if the index sorts the slug as the query does: both by character codes.
    plan = _plan(app, SearchParams(sort=sort, page=2))

    assert f"Index Scan using ix_courses_{sort}" in plan, plan
    assert "Sort" not in plan.replace("Sort Key", ""), plan


def test_on_postgresql_ties_are_broken_by_the_slug_in_character_code_order(
    search: Callable[..., Any], database: Database, dataset: list[dict[str, Any]]
) -> None:
    # Three courses, most expensive and equally priced, whose slugs sort three ways: by
    # character codes "Zeta" < "_zeta" < "zeta", but en-US puts "_" first and "z" before "Z".
    slugs = ["zeta-course", "Zeta-course", "_zeta-course"]
    for record, slug in zip(dataset, slugs, strict=False):
        database.run(
            "UPDATE courses SET slug = :new, price_cents = 99999999 WHERE slug = :old",
            new=slug,
            old=record["slug"],
        )

    assert search(sort="price_desc").slugs[:3] == sorted(slugs)


def test_on_postgresql_categories_are_listed_by_name_in_character_code_order(
    client: Any, page_of: Callable[..., Any], database: Database
) -> None:
    # Three categories renamed so that the orders disagree: en-US puts "apple" first.
    [(first,), (second,), (third,)] = database.rows("SELECT id FROM categories LIMIT 3")
    for category, name in [(first, "apple"), (second, "Zebra"), (third, "Éclair")]:
        database.run("UPDATE categories SET name = :name WHERE id = :id", name=name, id=category)

    text = page_of(client.get("/categories")).text

    assert text.index("Zebra") < text.index("apple") < text.index("Éclair")
