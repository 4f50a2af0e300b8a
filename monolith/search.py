"""Catalog search: the one place the search rules of CourseHub are written down.

Parameters (all optional; an empty or blank value counts as absent):
    q           free text, at most 200 characters
    category    a category slug that exists
    level       beginner | intermediate | advanced
    max_price   US dollars, 0 to 10000: courses costing at most this
    min_rating  0 to 5: courses rated at least this
    sort        relevance (default) | rating | newest | price_asc | price_desc
    page        1 to 1000 in plain digits, pages of 12; a page after the last one is empty

Matching. Words are runs of letters and digits, compared without case. A course matches when
every word of `q` is the start of some word of its title, headline, tags or instructor:
"ai" matches "AI Agents" and "AI-powered", not "email"; "agent" matches "Agents".

Orders. Every order ends with the slug, so it is total: two runs, or two architectures,
list the same courses in exactly the same order.
    relevance   query words that start a title word (most first), rating, students, slug
    rating      rating (highest first), review count (most first), slug
    newest      published date (latest first), slug
    price_asc   price (lowest first), slug
    price_desc  price (highest first), slug

The decoupled API implements the very same rules in its own code; `tests/parity/` checks
that both give the same answers.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, select
from sqlalchemy.orm import Session, joinedload

from monolith.models import Category, Course

PER_PAGE = 12
MAX_QUERY_LENGTH = 200
MAX_PAGE = 1000
LEVELS = ("beginner", "intermediate", "advanced")

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The distinct lowercased words of `text`, in order of first appearance."""
    return list(dict.fromkeys(match.lower() for match in _WORD.findall(text)))


def words_column(text: str) -> str:
    """How words are stored for matching: ' ai agents python' (each word after a space)."""
    return "".join(f" {word}" for word in words(text))


@dataclass(frozen=True)
class SearchQuery:
    q: str = ""
    category: str | None = None
    level: str | None = None
    max_price: Decimal | None = None
    min_rating: Decimal | None = None
    sort: str = "relevance"
    page: int = 1


@dataclass(frozen=True)
class SearchPage:
    courses: list[Course]
    total: int
    page: int
    pages: int


def _starts_a_word(column: ColumnElement[str], word: str) -> ColumnElement[bool]:
    # " ai" inside " build ai agents" means some word starts with "ai". The word is a bound
    # parameter; autoescape keeps any % or _ literal (our words have none, but be safe).
    return column.contains(f" {word}", autoescape=True)


def _title_hits(query_words: list[str]) -> ColumnElement[int]:
    hits = [case((_starts_a_word(Course.title_words, w), 1), else_=0) for w in query_words]
    return sum(hits, start=literal(0))


# The allow-list of orders: a `sort` value that is not a key here never reaches SQL.
ORDERS = {
    "rating": (Course.rating.desc(), Course.review_count.desc()),
    "newest": (Course.published.desc(),),
    "price_asc": (Course.price_cents.asc(),),
    "price_desc": (Course.price_cents.desc(),),
}


def _filtered(query: SearchQuery, query_words: list[str]) -> Select[tuple[Course]]:
    conditions = [_starts_a_word(Course.search_words, word) for word in query_words]
    if query.category:
        conditions.append(Course.category.has(Category.slug == query.category))
    if query.level:
        conditions.append(Course.level == query.level)
    if query.max_price is not None:
        conditions.append(Course.price_cents <= int(query.max_price * 100))
    if query.min_rating is not None:
        conditions.append(Course.rating >= float(query.min_rating))
    return select(Course).where(and_(True, *conditions))


def search_courses(session: Session, query: SearchQuery) -> SearchPage:
    query_words = words(query.q)
    statement = _filtered(query, query_words)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0

    if query.sort == "relevance":
        order = (_title_hits(query_words).desc(), Course.rating.desc(), Course.student_count.desc())
    else:
        order = ORDERS[query.sort]
    page_of_courses = session.scalars(
        statement.options(joinedload(Course.category))
        .order_by(*order, Course.slug.asc())
        .limit(PER_PAGE)
        .offset((query.page - 1) * PER_PAGE)
    ).all()
    pages = (total + PER_PAGE - 1) // PER_PAGE
    return SearchPage(courses=list(page_of_courses), total=total, page=query.page, pages=pages)
