"""Catalog search: CourseHub's matching rules and orders, as SQLAlchemy `select()` statements.

What this teaches: user input reaches SQL only as bound parameters (never pasted into the
SQL text), and a `sort` value is looked up in an allow-list rather than trusted.

Matching. Words are runs of letters and digits, compared lowercased. A course matches when
every word of `q` is the start of some word of its title, headline, tags or instructor:
"ai" matches "AI Agents" and "AI-powered", not "email"; "agent" matches "Agents".

Orders. Every order ends with the slug, so it is total: the monolith, which has its own code
for the same rules, lists the same courses in exactly the same order.
    relevance   query words that start a title word (most first), rating, students, slug
    rating      rating (highest first), review count (most first), slug
    newest      published date (latest first), slug
    price_asc   price (lowest first), slug
    price_desc  price (highest first), slug

At scale (100,000 courses), four habits keep a search to a few lookups:
    matching    the full-text index (`search_index.py`) finds the courses with a word starting
                with each query word, without reading the others
    one query   with words, the total rides along with the page: the index counts its own
                matches when the words are the only filter; with filters too, every match is
                read anyway to rank it, and `count(*) OVER ()` (a window function) gives each
                row the count of all of them. Only a page past the end counts apart
    narrow sort matches are ranked by id and sort keys alone, then the page's rows are read:
                no sorting of whole rows, descriptions and all
    no words    each order has an index (models.py), so a page is the index's next entries,
                and the total a separate count(*): a window would read every course first,
                the very work the index saves
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, UnaryExpression, case, func, literal, select
from sqlalchemy.orm import Session

from decoupled.backend.models import Category, Course
from decoupled.backend.params import SearchParams
from decoupled.backend.search_index import all_words_match, count_matches

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The distinct lowercased words of `text`, in order of first appearance."""
    return list(dict.fromkeys(map(str.lower, _WORD.findall(text))))


def words_column(text: str) -> str:
    """How words are stored for matching: ' ai agents python' (each word after a space)."""
    return "".join(f" {word}" for word in words(text))


@dataclass(frozen=True)
class SearchResult:
    courses: Sequence[Course]
    total: int


def _starts_a_word(column: ColumnElement[str], word: str) -> ColumnElement[bool]:
    # " ai" inside " build ai agents" means some word starts with "ai". autoescape keeps a
    # % or _ literal (words never contain one, but the habit costs nothing).
    return column.contains(f" {word}", autoescape=True)


def _title_hits(query_words: list[str]) -> ColumnElement[int]:
    # Computed for the matches only (the full-text index found them): few rows to read.
    hits = [case((_starts_a_word(Course.title_words, w), 1), else_=0) for w in query_words]
    return sum(hits, start=literal(0))


# The allow-list of orders. Relevance starts with the title hits when there are query words.
ORDERS: dict[str, tuple[UnaryExpression, ...]] = {
    "relevance": (Course.rating.desc(), Course.student_count.desc()),
    "rating": (Course.rating.desc(), Course.review_count.desc()),
    "newest": (Course.published.desc(),),
    "price_asc": (Course.price_cents.asc(),),
    "price_desc": (Course.price_cents.desc(),),
}


def _to_cents(dollars: Decimal) -> int:
    # Whole cents at or below the limit: a $19.99 course is within max_price=19.999.
    # (SearchParams caps max_price at 10000, so the cents always fit an SQL integer.)
    return int(dollars * 100)


def _conditions(
    params: SearchParams, query_words: list[str], dialect: str
) -> list[ColumnElement[bool]]:
    conditions = [all_words_match(query_words, dialect)] if query_words else []
    if params.category:
        # The slug's id, looked up once: then the category's index counts the courses. (A
        # `has()` would look the category up again for every course.)
        category_id = select(Category.id).where(Category.slug == params.category)
        conditions.append(Course.category_id == category_id.scalar_subquery())
    if params.level:
        conditions.append(Course.level == params.level)
    if params.max_price is not None:
        conditions.append(Course.price_cents <= _to_cents(params.max_price))
    if params.min_rating is not None:
        conditions.append(Course.rating >= float(params.min_rating))
    return conditions


def _order(params: SearchParams, query_words: list[str]) -> list[ColumnElement[object]]:
    order: list[ColumnElement[object]] = list(ORDERS[params.sort])
    if params.sort == "relevance" and query_words:
        order.insert(0, _title_hits(query_words).desc())
    # Without words, no constant "0 title hits" leads the order: it would hide the index.
    return [*order, Course.slug.asc()]


def search_courses(session: Session, params: SearchParams) -> SearchResult:
    query_words = words(params.q)
    dialect = session.get_bind().dialect.name
    conditions = _conditions(params, query_words, dialect)
    order = _order(params, query_words)
    offset = (params.page - 1) * params.per_page
    total: int | None = None
    if query_words:
        # The total rides along with the page: with words alone, the index counts its
        # matches without reading a course; with filters too, a window counts the rows that
        # pass them all. Rank by id and sort keys alone; then read the page's full rows.
        only_words = len(conditions) == 1
        counted = count_matches(query_words, dialect) if only_words else func.count().over()
        ranked = (
            select(Course.id, counted.label("total"))
            .where(*conditions)
            .order_by(*order)
            .limit(params.per_page)
            .offset(offset)
            .subquery()
        )
        rows = session.execute(
            select(Course, ranked.c.total).join(ranked, Course.id == ranked.c.id).order_by(*order)
        ).all()
        courses: Sequence[Course] = [course for course, _ in rows]
        total = rows[0].total if rows else None
    else:
        courses = session.scalars(
            select(Course).where(*conditions).order_by(*order).limit(params.per_page).offset(offset)
        ).all()
    if total is None:  # no words, or a page past the end: count apart
        total = session.scalar(select(func.count()).select_from(Course).where(*conditions)) or 0
    return SearchResult(courses=courses, total=total)
