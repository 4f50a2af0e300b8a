"""Catalog search: the spec's matching rules and orders, as SQLAlchemy `select()` statements.

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
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, UnaryExpression, and_, case, func, literal, select
from sqlalchemy.orm import Session

from decoupled.backend.models import Category, Course
from decoupled.backend.params import SearchParams

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The distinct lowercased words of `text`, in order of first appearance."""
    return list(dict.fromkeys(match.lower() for match in _WORD.findall(text)))


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
    hits = [case((_starts_a_word(Course.title_words, w), 1), else_=0) for w in query_words]
    return sum(hits, start=literal(0))


# The allow-list of orders. Relevance depends on the query words, so it is built per search.
ORDERS: dict[str, tuple[UnaryExpression, ...]] = {
    "rating": (Course.rating.desc(), Course.review_count.desc()),
    "newest": (Course.published.desc(),),
    "price_asc": (Course.price_cents.asc(),),
    "price_desc": (Course.price_cents.desc(),),
}


def _to_cents(dollars: Decimal) -> int:
    # Whole cents at or below the limit: a $19.99 course is within max_price=19.999.
    # (SearchParams caps max_price at 10000, so the cents always fit an SQL integer.)
    return int(dollars * 100)


def _filtered(params: SearchParams, query_words: list[str]) -> Select[tuple[Course]]:
    conditions = [_starts_a_word(Course.search_words, word) for word in query_words]
    if params.category:
        conditions.append(Course.category.has(Category.slug == params.category))
    if params.level:
        conditions.append(Course.level == params.level)
    if params.max_price is not None:
        conditions.append(Course.price_cents <= _to_cents(params.max_price))
    if params.min_rating is not None:
        conditions.append(Course.rating >= float(params.min_rating))
    return select(Course).where(and_(True, *conditions))


def search_courses(session: Session, params: SearchParams) -> SearchResult:
    query_words = words(params.q)
    statement = _filtered(params, query_words)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0

    if params.sort == "relevance":
        title_hits = _title_hits(query_words)
        order = (title_hits.desc(), Course.rating.desc(), Course.student_count.desc())
    else:
        order = ORDERS[params.sort]
    courses = session.scalars(
        statement.order_by(*order, Course.slug.asc())
        .limit(params.per_page)
        .offset((params.page - 1) * params.per_page)
    ).all()
    return SearchResult(courses=courses, total=total)
