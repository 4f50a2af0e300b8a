"""Catalog search: CourseHub's matching rules and orders, as SQLAlchemy `select()` statements.

What this teaches: user input reaches SQL only as bound parameters (never pasted into the
SQL text), and a `sort` value is looked up in an allow-list rather than trusted.

Matching. Words are runs of letters and digits, compared lowercased. A course matches when
every word of `q` is the start of some word of its title, headline, tags or instructor:
"ai" matches "AI Agents" and "AI-powered", not "email"; "agent" matches "Agents".

Orders. Every order ends with the slug, so it is total: the catalog API, which has its own
code for the same rules, lists the same courses in exactly the same order.
    relevance   query words that start a title word (most first), rating, students, slug
    rating      rating (highest first), review count (most first), slug
    newest      published date (latest first), slug
    price_asc   price (lowest first), slug
    price_desc  price (highest first), slug

At scale (100,000 courses), five habits keep a search to a few lookups:
    matching    the full-text index (`search_index.py`) finds the courses with a word starting
                with each query word, without reading the others
    counting    the total comes first; with words alone, the index counts its own matches
                without reading a course
    the top     a page needs 12 courses, not 6,000 matches ranked. With many matches, the page
                is looked for at the top of its order's index (its first SCAN entries),
                keeping the courses that match and, for relevance, have every word in their
                title (those rank first). Enough of them there, and that is the page; too few,
                and every match is ranked
    narrow sort matches are ranked by id and sort keys alone, then the page's rows are read:
                no sorting of whole rows, descriptions and all
    no words    each order has an index (models.py), so a page is the index's next entries
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, UnaryExpression, case, func, literal, select
from sqlalchemy.orm import Session

from monolith.models import Category, Course
from monolith.search_index import all_words_match, count_matches, matching_ids

# With more matches than MANY, a page is first looked for among the first SCAN entries of its
# order's index (see "the top" above). Any values give the same answers, only at other speeds.
MANY = 500
SCAN = 2_000
# What a search may ask for: forms.py checks each parameter against these.
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
class SearchParams:
    """A search, as the search form read it (forms.py): every field optional, checked there."""

    q: str = ""
    category: str | None = None
    level: str | None = None
    max_price: Decimal | None = None  # US dollars
    min_rating: Decimal | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE


@dataclass(frozen=True)
class SearchPage:
    courses: Sequence[Course]
    total: int
    page: int
    pages: int


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


def _filters(params: SearchParams) -> list[ColumnElement[bool]]:
    filters = []
    if params.category:
        # The slug's id, looked up once: then the category's index counts the courses. (A
        # `has()` would look the category up again for every course.)
        category_id = select(Category.id).where(Category.slug == params.category)
        filters.append(Course.category_id == category_id.scalar_subquery())
    if params.level:
        filters.append(Course.level == params.level)
    if params.max_price is not None:
        filters.append(Course.price_cents <= _to_cents(params.max_price))
    if params.min_rating is not None:
        filters.append(Course.rating >= float(params.min_rating))
    return filters


def _order(params: SearchParams, query_words: list[str]) -> list[ColumnElement[object]]:
    order: list[ColumnElement[object]] = list(ORDERS[params.sort])
    if params.sort == "relevance" and query_words:
        order.insert(0, _title_hits(query_words).desc())
    # Without words, no constant "0 title hits" leads the order: it would hide the index.
    return [*order, Course.slug.asc()]


def _count(query_words: list[str], filters: list[ColumnElement[bool]], dialect: str) -> Select:
    if query_words and not filters:  # words alone: the index counts its own matches
        return select(count_matches(query_words, dialect))
    matching = [all_words_match(query_words, dialect)] if query_words else []
    return select(func.count()).select_from(Course).where(*matching, *filters)


def _page(
    conditions: list[ColumnElement[bool]], order: list[ColumnElement[object]], size: int, at: int
) -> Select[tuple[Course]]:
    # Rank by id and sort keys alone; then read the page's full rows.
    ranked = select(Course.id).where(*conditions).order_by(*order).limit(size).offset(at)
    page = ranked.subquery()
    return select(Course).join(page, Course.id == page.c.id).order_by(*order)


def _at_the_top(params: SearchParams, query_words: list[str], dialect: str) -> ColumnElement[bool]:
    """True for the matches among the first SCAN entries of the order's index. Their ids are
    checked against the index's list of matches before any course is read."""
    top = select(Course.id).order_by(*ORDERS[params.sort], Course.slug).limit(SCAN).subquery()
    matching = top.c.id.in_(matching_ids(query_words, dialect))
    return Course.id.in_(select(top.c.id).where(matching))


def search_courses(session: Session, params: SearchParams) -> SearchPage:
    query_words = words(params.q)
    dialect = session.get_bind().dialect.name  # the index differs: search_index.py
    filters = _filters(params)
    order = _order(params, query_words)
    per_page = params.per_page
    at = (params.page - 1) * per_page
    total = session.scalar(_count(query_words, filters, dialect)) or 0
    wanted = max(0, min(per_page, total - at))  # how many courses this page shows
    courses: Sequence[Course] = []
    if wanted and not query_words:  # no words: the order's own index, from the page's first entry
        page = select(Course).where(*filters).order_by(*order).limit(per_page).offset(at)
        courses = session.scalars(page).all()
    elif wanted:
        if total > MANY:  # many matches: look for the page at the top of the order's index
            # For relevance, the courses with every word in their title: those rank first.
            title = [_starts_a_word(Course.title_words, word) for word in query_words]
            first = [_at_the_top(params, query_words, dialect), *filters]
            first += title if params.sort == "relevance" else []
            courses = session.scalars(_page(first, order, per_page, at)).all()
        if len(courses) < wanted:  # few matches, or too few of them at the top: rank them all
            matching = [all_words_match(query_words, dialect), *filters]
            courses = session.scalars(_page(matching, order, per_page, at)).all()
    pages = (total + per_page - 1) // per_page
    return SearchPage(courses=courses, total=total, page=params.page, pages=pages)
