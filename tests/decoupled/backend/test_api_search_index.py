"""The catalog API's search indexes: the full-text index and one index per order.

The answers themselves are held to the rules elsewhere (test_api_search.py on the dataset,
tests/parity/test_search_at_scale.py on a generated catalog of 3,000). These tests hold what
makes them fast and keeps them right over time: a database made before the indexes gets them at
start-up, data kept; every later write to `courses` reaches the full-text index; user input is
never FTS5 syntax; a search with words counts its matches, then reads one page; and a page of
any order without words is read off an index, not sorted. On PostgreSQL the full-text index
is a trigram index (search_index.py), and test_api_on_postgresql.py reads its plans.
"""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from decoupled.backend.config import Settings
from decoupled.backend.main import create_app
from decoupled.backend.models import Course
from decoupled.backend.params import SearchParams
from decoupled.backend.search import search_courses
from decoupled.backend.search_index import TRIGRAM_INDEX, all_words_match, match_expression
from tests.support.databases import Database
from tests.support.statements import statements

ORDER_INDEXES = {
    "ix_courses_relevance",
    "ix_courses_rating",
    "ix_courses_newest",
    "ix_courses_price_asc",
    "ix_courses_price_desc",
}
TRIGGERS = {"courses_fts_after_insert", "courses_fts_after_delete", "courses_fts_after_update"}


def _schema(database: Database) -> dict[str, set[str]]:
    """The database's tables, indexes and triggers by kind (PostgreSQL: the courses' indexes)."""
    if database.file is None:
        query = "SELECT 'index', indexname FROM pg_indexes WHERE tablename = 'courses'"
    else:
        query = "SELECT type, name FROM sqlite_master"
    kinds: dict[str, set[str]] = {"table": set(), "trigger": set(), "index": set()}
    for kind, name in database.rows(query):
        kinds.setdefault(kind, set()).add(name)
    return kinds


def _drop_the_search_indexes(database: Database) -> None:
    """What the API before the indexes left: no full-text (or trigram) index, no order's."""
    if database.file is None:
        database.run(f"DROP INDEX {TRIGRAM_INDEX}")
    else:
        for trigger in TRIGGERS:
            database.run(f"DROP TRIGGER {trigger}")
        database.run("DROP TABLE courses_fts")
    for index in ORDER_INDEXES:
        database.run(f"DROP INDEX {index}")


def _slugs(client: TestClient, **params: Any) -> list[str]:
    response = client.get("/api/v2/courses", params=params)
    assert response.status_code == 200, response.text
    return [course["slug"] for course in response.json()["items"]]


def test_a_database_made_before_the_indexes_gets_them_on_start_data_kept(
    make_settings: Callable[..., Settings], database: Database, courses: list[dict[str, Any]]
) -> None:
    settings = make_settings()
    with TestClient(create_app(settings)) as fresh:
        before = fresh.get("/api/v2/courses", params={"q": "ai agents"}).json()
    _drop_the_search_indexes(database)
    slug = courses[0]["slug"]  # a course the old API changed: search must see its new words
    database.run(
        "UPDATE courses SET search_words = search_words || ' zyxwv' WHERE slug = :slug", slug=slug
    )
    assert not _schema(database)["index"] & ({TRIGRAM_INDEX} | ORDER_INDEXES)
    assert "courses_fts" not in _schema(database)["table"]

    with TestClient(create_app(settings)) as client:  # the new API starts on the old database
        schema = _schema(database)
        if database.file is None:
            assert TRIGRAM_INDEX in schema["index"]
        else:
            assert "courses_fts" in schema["table"]
            assert schema["trigger"] >= TRIGGERS
        assert schema["index"] >= ORDER_INDEXES
        assert _slugs(client, q="zyxw") == [slug]
        assert client.get("/api/v2/courses", params={"q": "ai agents"}).json() == before


def test_every_write_to_the_courses_table_reaches_the_full_text_index(
    client: TestClient, database: Database, courses: list[dict[str, Any]]
) -> None:
    slug = courses[3]["slug"]
    database.run("UPDATE courses SET search_words = ' qwxyz kept' WHERE slug = :slug", slug=slug)
    assert _slugs(client, q="qwxy") == [slug]
    assert _slugs(client, q=courses[3]["title"]) == []  # its old words left the index

    database.run("UPDATE courses SET price_cents = 1 WHERE slug = :slug", slug=slug)
    assert _slugs(client, q="qwxyz kept") == [slug]

    database.run("DELETE FROM courses WHERE slug = :slug", slug=slug)
    assert _slugs(client, q="qwxyz") == []

    database.run(
        "INSERT INTO courses (slug, title, headline, description, category_id, level, instructor,"
        " price_cents, rating, review_count, student_count, language, hours, tags, published,"
        " search_words, title_words, updated_at) SELECT 'a-new-course', 'A New Course', headline,"
        " description, category_id, level, instructor, 0, 5, 1, 1, language, hours, tags,"
        " published, ' a new course qwxyz', ' a new course', updated_at FROM courses LIMIT 1",
    )
    assert _slugs(client, q="qwxyz") == ["a-new-course"]


@pytest.mark.parametrize(
    ("words", "expression"),
    [
        (["ai", "agents"], '"ai"* "agents"*'),
        (["NEAR", "OR", "AND", "NOT"], '"NEAR"* "OR"* "AND"* "NOT"*'),
        (["für", "c3po", "数据"], '"für"* "c3po"* "数据"*'),
    ],
)
def test_each_query_word_is_quoted_as_an_fts5_string(words: list[str], expression: str) -> None:
    assert match_expression(words) == expression


@pytest.mark.parametrize("word", ['"', "*", "-", ":", "^", "(", "", 'x" OR "y', "a-b", "ai*"])
def test_a_word_that_is_not_letters_and_digits_never_reaches_fts5(word: str) -> None:
    # search.words() never makes one; were it to, the index must refuse it, not run it.
    with pytest.raises(ValueError, match="not a single word"):
        match_expression(["ai", word])


def test_fts5_operator_words_are_searched_as_text(client: TestClient, app: FastAPI) -> None:
    dialect = app.state.engine.dialect.name
    with Session(app.state.engine) as session:

        def found(where: Any) -> list[str]:
            return list(session.scalars(select(Course.slug).where(where).order_by(Course.slug)))

        for operator in ("NEAR", "OR", "AND", "NOT"):  # a word starting with "or", and so on
            like = Course.search_words.contains(f" {operator.lower()}")
            assert found(all_words_match([operator.lower()], dialect)) == found(like), operator
            if dialect == "sqlite":  # FTS5 itself would take NEAR for an operator
                assert found(all_words_match([operator], dialect)) == found(like), operator
        assert found(all_words_match(["or"], dialect)), "the dataset has words starting 'or'"


@pytest.mark.parametrize(
    "q", ['"', "*", "NEAR", "ai OR python", "-python", "title:ai", "^ai", '"ai', "ai*"]
)
def test_fts5_syntax_typed_as_a_search_is_a_normal_search(
    client: TestClient, expected_search: Callable[..., list[str]], q: str
) -> None:
    response = client.get("/api/v2/courses", params={"q": q})
    assert response.status_code == 200, response.text
    assert [course["slug"] for course in response.json()["items"]] == expected_search(q)[:12]


@pytest.mark.parametrize(
    ("filters", "counted_by_the_index"),
    [
        ({}, True),  # words alone: the index counts its own matches, no course read
        ({"level": "beginner"}, False),  # with a filter, the courses that pass it are counted
    ],
)
def test_a_search_with_words_counts_its_matches_then_reads_one_page(
    client: TestClient, app: FastAPI, filters: dict[str, str], counted_by_the_index: bool
) -> None:
    engine = app.state.engine
    with Session(engine) as session:
        with statements(engine) as seen:
            found = search_courses(session, SearchParams(q="a", **filters))
        assert found.total > 12 and len(found.courses) == 12
        assert len(seen) == 2, seen  # the total, then the page (few matches: no look at the top)
        count, page = seen
        assert "count(*)" in count and "LIMIT" not in count, count
        assert "OVER" not in page and "LIMIT" in page, page
        if engine.dialect.name == "sqlite":
            assert ("FROM courses " not in count) == counted_by_the_index, count
        with statements(engine) as seen:
            past_the_end = search_courses(session, SearchParams(q="a", page=50, **filters))
        assert (list(past_the_end.courses), past_the_end.total) == ([], found.total)
        assert len(seen) == 1  # the total says the page is empty: no page is read


@pytest.mark.sqlite_only("SQLite's query plans; test_api_on_postgresql.py reads PostgreSQL's")
@pytest.mark.parametrize("sort", ["relevance", "rating", "newest", "price_asc", "price_desc"])
def test_a_page_without_words_is_read_off_an_index_not_sorted(
    client: TestClient, app: FastAPI, sort: str
) -> None:
    engine = app.state.engine
    with Session(engine) as session:
        with statements(engine) as seen:
            search_courses(session, SearchParams(sort=sort, page=2))
        page_query, parameters = next((s, p) for s, p in seen.with_parameters() if "LIMIT" in s)
        explain = session.connection().exec_driver_sql(
            f"EXPLAIN QUERY PLAN {page_query}", parameters
        )
        plan = " / ".join(row[3] for row in explain)
    assert f"ix_courses_{sort}" in plan, plan
    assert "TEMP B-TREE" not in plan, plan
