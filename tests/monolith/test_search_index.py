"""The monolith's search indexes: the full-text index and one index per order.

The answers themselves are held to the rules elsewhere (test_search.py on the dataset,
tests/parity/test_search_at_scale.py on a generated catalog of 3,000). These tests hold what
makes them fast and keeps them right over time: a database made before the indexes gets them at
start-up, data kept; every later write to `courses` reaches the full-text index; user input is
never FTS5 syntax; a search with words counts its matches, then reads one page; and a page of
any order without words is read off an index, not sorted. On PostgreSQL the full-text index
is a trigram index (search_index.py), and test_monolith_on_postgresql.py reads its plans.
"""

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from monolith import db
from monolith.models import Course
from monolith.search import SearchParams, search_courses
from monolith.search_index import TRIGRAM_INDEX, all_words_match, match_expression
from tests.support.databases import Database, TestDatabases
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


def _make_it_old(database: Database) -> None:
    """What the app before the indexes left behind: no full-text index, no order indexes."""
    if database.file is None:
        database.run(f"DROP INDEX {TRIGRAM_INDEX}")
    else:
        for trigger in TRIGGERS:
            database.run(f"DROP TRIGGER {trigger}")
        database.run("DROP TABLE courses_fts")
    for index in ORDER_INDEXES:
        database.run(f"DROP INDEX {index}")


def test_a_database_made_before_the_indexes_gets_them_on_start_data_kept(
    app_factory: Callable[..., Flask],
    databases: TestDatabases,
    page_of: Callable[..., Any],
    dataset: list[dict[str, Any]],
) -> None:
    database = databases.empty("old.sqlite3")
    fresh = app_factory(database).test_client()
    before = page_of(fresh.get("/", query_string={"q": "ai agents"}))
    _make_it_old(database)
    slug = dataset[0]["slug"]  # a course the old app changed: search must see its new words
    database.run(
        "UPDATE courses SET search_words = search_words || ' zyxwv' WHERE slug = :slug", slug=slug
    )
    assert not _schema(database)["index"] & ({TRIGRAM_INDEX} | ORDER_INDEXES)
    assert "courses_fts" not in _schema(database)["table"]

    client = app_factory(database).test_client()  # the new app starts on the old database

    schema = _schema(database)
    if database.file is None:
        assert TRIGRAM_INDEX in schema["index"]
    else:
        assert "courses_fts" in schema["table"]
        assert schema["trigger"] >= TRIGGERS
    assert schema["index"] >= ORDER_INDEXES
    assert page_of(client.get("/", query_string={"q": "zyxw"})).slugs == [slug]
    after = page_of(client.get("/", query_string={"q": "ai agents"}))
    assert (after.slugs, after.text) == (before.slugs, before.text)


def test_every_write_to_the_courses_table_reaches_the_full_text_index(
    client: Any, database: Database, search: Callable[..., Any], dataset: list[dict[str, Any]]
) -> None:
    slug = dataset[3]["slug"]
    database.run("UPDATE courses SET search_words = ' qwxyz kept' WHERE slug = :slug", slug=slug)
    assert search(q="qwxy").slugs == [slug]
    assert search(q=dataset[3]["title"]).slugs == []  # its old words are gone from the index

    database.run("UPDATE courses SET price_cents = 1 WHERE slug = :slug", slug=slug)
    assert search(q="qwxyz kept").slugs == [slug]

    database.run("DELETE FROM courses WHERE slug = :slug", slug=slug)
    assert search(q="qwxyz").slugs == []

    database.run(
        "INSERT INTO courses (slug, title, headline, description, category_id, level, instructor,"
        " price_cents, rating, review_count, student_count, language, hours, tags, published,"
        " search_words, title_words, updated_at) SELECT 'a-new-course', 'A New Course', headline,"
        " description, category_id, level, instructor, 0, 5, 1, 1, language, hours, tags,"
        " published, ' a new course qwxyz', ' a new course', updated_at FROM courses LIMIT 1",
    )
    assert search(q="qwxyz").slugs == ["a-new-course"]


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


def test_fts5_operator_words_are_searched_as_text(app: Flask) -> None:
    with app.app_context(), Session(db.get_engine()) as session:
        dialect = db.get_engine().dialect.name

        def found(where: Any) -> list[str]:
            return list(session.scalars(select(Course.slug).where(where).order_by(Course.slug)))

        for operator in ("NEAR", "OR", "AND", "NOT"):  # a word starting with "or", and so on
            like = Course.search_words.contains(f" {operator.lower()}")
            assert found(all_words_match([operator.lower()], dialect)) == found(like), operator
            if dialect == "sqlite":  # FTS5 itself would take NEAR for an operator
                assert found(all_words_match([operator], dialect)) == found(like), operator
        assert found(all_words_match(["or"], dialect)), "the dataset has words starting with 'or'"


@pytest.mark.parametrize(
    "q", ['"', "*", "NEAR", "ai OR python", "-python", "title:ai", "^ai", '"ai']
)
def test_fts5_syntax_typed_in_the_search_box_is_a_normal_search(
    search: Callable[..., Any], q: str
) -> None:
    assert search(q=q).status == 200


@pytest.mark.parametrize(
    ("filters", "counted_by_the_index"),
    [
        ({}, True),  # words alone: the index counts its own matches, no course read
        ({"level": "beginner"}, False),  # with a filter, the courses that pass it are counted
    ],
)
def test_a_search_with_words_counts_its_matches_then_reads_one_page(
    app: Flask, filters: dict[str, str], counted_by_the_index: bool
) -> None:
    with app.app_context(), Session(db.get_engine()) as session:
        with statements(db.get_engine()) as seen:
            page = search_courses(session, SearchParams(q="a", **filters))
        assert page.total > 12 and len(page.courses) == 12
        assert len(seen) == 2, seen  # the total, then the page (few matches: no look at the top)
        count, page_query = seen
        assert "count(*)" in count and "LIMIT" not in count, count
        assert "OVER" not in page_query and "LIMIT" in page_query, page_query
        if db.get_engine().dialect.name == "sqlite":
            assert ("FROM courses " not in count) == counted_by_the_index, count
        with statements(db.get_engine()) as seen:
            past_the_end = search_courses(session, SearchParams(q="a", page=50, **filters))
        assert (past_the_end.courses, past_the_end.total) == ([], page.total)
        assert len(seen) == 1  # the total says the page is empty: no page is read


@pytest.mark.sqlite_only("SQLite's query plans; test_monolith_on_postgresql.py reads PostgreSQL's")
@pytest.mark.parametrize("sort", ["relevance", "rating", "newest", "price_asc", "price_desc"])
def test_a_page_without_words_is_read_off_an_index_not_sorted(app: Flask, sort: str) -> None:
    with app.app_context(), Session(db.get_engine()) as session:
        with statements(db.get_engine()) as seen:
            search_courses(session, SearchParams(sort=sort, page=2))
        page_query = next(s for s in seen if "LIMIT" in s)
        explain = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {page_query}", (12, 12))
        plan = " / ".join(row[3] for row in explain)  # (12, 12): LIMIT and OFFSET
    assert f"ix_courses_{sort}" in plan, plan
    assert "TEMP B-TREE" not in plan, plan
