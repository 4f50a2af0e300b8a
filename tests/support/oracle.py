"""What a search must return, worked out in plain Python from the courses' JSON records.

The search rules written again, sharing no code with either twin, so that a stub or a wrong
order cannot pass: every word of the query must start a word of the course's title, headline,
tags or instructor (in lower case; anything but a letter or a digit splits words); the
filters narrow that; the order is the sort's, ties broken by the slug. Relevance counts the
query's words that start a word of the title, then the rating, then the number of students.
The catalog API's, the monolith's and the parity tests all check their answers against it.
"""

import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

Record = dict[str, Any]
WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The distinct words of `text`, lowered, in order."""
    return list(dict.fromkeys(word.lower() for word in WORD.findall(text)))


def starts_a_word(query_word: str, text_words: list[str]) -> bool:
    return any(word.startswith(query_word) for word in text_words)


def _number(value: float | str) -> Decimal:
    # Decimal of the text: 49.99 stays 49.99, where a float would be 49.98999...
    return Decimal(str(value))


def expected_slugs(
    records: Iterable[Record],
    q: str = "",
    sort: str = "relevance",
    *,
    category: str | None = None,
    level: str | None = None,
    max_price: float | str | None = None,
    min_rating: float | str | None = None,
) -> list[str]:
    """Every slug the rules say a search returns, all pages, in order."""
    query = words(q)
    found: list[tuple[Record, int]] = []
    for course in records:
        searchable = [course["title"], course["headline"], *course["tags"], course["instructor"]]
        if not all(starts_a_word(word, words(" ".join(searchable))) for word in query):
            continue
        if category is not None and course["category"]["slug"] != category:
            continue
        if level is not None and course["level"] != level:
            continue
        if max_price is not None and _number(course["price"]) > _number(max_price):
            continue
        if min_rating is not None and _number(course["rating"]) < _number(min_rating):
            continue
        title = words(course["title"])
        found.append((course, sum(starts_a_word(word, title) for word in query)))

    orders: dict[str, Callable[[tuple[Record, int]], Any]] = {
        "relevance": lambda c: (-c[1], -c[0]["rating"], -c[0]["student_count"]),
        "rating": lambda c: (-c[0]["rating"], -c[0]["review_count"]),
        "newest": lambda c: tuple(-int(part) for part in c[0]["published"].split("-")),
        "price_asc": lambda c: _number(c[0]["price"]),
        "price_desc": lambda c: -_number(c[0]["price"]),
    }
    found.sort(key=lambda c: c[0]["slug"])  # the last tie-breaker: a stable sort keeps it
    found.sort(key=orders[sort])
    return [course["slug"] for course, _ in found]
