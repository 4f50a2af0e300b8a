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

How it stays fast on a large catalog (100,000 courses):
    matching    the full-text index of `monolith.search_index` finds the courses with a word
                starting with each query word, without reading the others
    one query   with words, the total comes with the page: the index counts its own matches
                when the words are the only filter; with filters too, every match is read anyway
                to rank it, and `count(*) OVER ()` (a window function) gives each row the count
                of all of them. Only a page past the end, with no row to carry it, counts apart
    narrow sort the matches are ranked by their sort keys and id only; the 12 full rows of the
                page are read afterwards, instead of sorting whole rows, descriptions and all
    no words    each order has an index (`monolith.models`), so the page is its next entries,
                and the total a separate count(*): a window would read every course first,
                the very work the index saves

The decoupled API implements the very same rules in its own code; `tests/parity/` checks
that both give the same answers.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, UnaryExpression, case, func, literal, select
from sqlalchemy.orm import Session, joinedload

from monolith.models import Category, Course
from monolith.search_index import all_words_match, count_matches

PER_PAGE = 12
MAX_QUERY_LENGTH = 200
MAX_PAGE = 1000
LEVELS = ("beginner", "intermediate", "advanced")

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The distinct lowercased words of `text`, in order of first appearance."""
    return list(dict.fromkeys(map(str.lower, _WORD.findall(text))))


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
    # Run on the matches only (the full-text index found them), so this LIKE reads few rows.
    hits = [case((_starts_a_word(Course.title_words, w), 1), else_=0) for w in query_words]
    return sum(hits, start=literal(0))


# The allow-list of orders: a `sort` value that is not a key here never reaches SQL.
ORDERS: dict[str, tuple[UnaryExpression, ...]] = {
    "relevance": (Course.rating.desc(), Course.student_count.desc()),  # after the title hits
    "rating": (Course.rating.desc(), Course.review_count.desc()),
    "newest": (Course.published.desc(),),
    "price_asc": (Course.price_cents.asc(),),
    "price_desc": (Course.price_cents.desc(),),
}


def _conditions(
    query: SearchQuery, query_words: list[str], dialect: str
) -> list[ColumnElement[bool]]:
    conditions = [all_words_match(query_words, dialect)] if query_words else []
    if query.category:
        # The slug's id, looked up once: then the category's index counts the courses. (A
        # `has()` would look the category up again for every course.)
        category_id = select(Category.id).where(Category.slug == query.category)
        conditions.append(Course.category_id == category_id.scalar_subquery())
    if query.level:
        conditions.append(Course.level == query.level)
    if query.max_price is not None:
        conditions.append(Course.price_cents <= int(query.max_price * 100))
    if query.min_rating is not None:
        conditions.append(Course.rating >= float(query.min_rating))
    return conditions


def _order(query: SearchQuery, query_words: list[str]) -> list[ColumnElement[object]]:
    order: list[ColumnElement[object]] = list(ORDERS[query.sort])
    if query.sort == "relevance" and query_words:
        order.insert(0, _title_hits(query_words).desc())
    # Without words, no constant "0 title hits" leads the order: it would hide the index.
    return [*order, Course.slug.asc()]


def search_courses(session: Session, query: SearchQuery) -> SearchPage:
    query_words = words(query.q)
    dialect = session.get_bind().dialect.name  # the index differs: search_index.py
    conditions = _conditions(query, query_words, dialect)
    order = _order(query, query_words)
    offset = (query.page - 1) * PER_PAGE
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
            .limit(PER_PAGE)
            .offset(offset)
            .subquery()
        )
        rows = session.execute(
            select(Course, ranked.c.total)
            .join(ranked, Course.id == ranked.c.id)
            .options(joinedload(Course.category))
            .order_by(*order)
        ).all()
        page_of_courses = [course for course, _ in rows]
        total = rows[0].total if rows else None
    else:
        page_of_courses = list(
            session.scalars(
                select(Course)
                .where(*conditions)
                .options(joinedload(Course.category))
                .order_by(*order)
                .limit(PER_PAGE)
                .offset(offset)
            )
        )
    if total is None:  # no words, or a page past the end: count apart
        total = session.scalar(select(func.count()).select_from(Course).where(*conditions)) or 0
    pages = (total + PER_PAGE - 1) // PER_PAGE
    return SearchPage(courses=page_of_courses, total=total, page=query.page, pages=pages)
