"""Exercise 05.2: `Client.all_results`, every course a search finds, page after page."""

from collections.abc import Iterator
from typing import Any

from tests.exercises.checks.live_api import catalog_api, get_json
from tests.exercises.registry import Exercise, expect
from tests.support.environment import direct_to_localhost

EXERCISE = Exercise(
    "05.2",
    "Client.all_results: every course of a search, page after page",
    "05-separate-clients.md",
)

# (what all_results is given, the same search as a query string)
SEARCHES: tuple[tuple[str, dict[str, Any], str], ...] = (
    ("ai", {}, "q=ai"),
    ("", {}, ""),
    ("python", {"level": "beginner"}, "q=python&level=beginner"),
    ("zzzzqx", {}, "q=zzzzqx"),
)


def _every_slug(url: str, query: str) -> list[str]:
    """The search's slugs on all pages, asked of the API directly."""
    found: list[str] = []
    page, pages = 1, 1
    while page <= pages:
        _, body = get_json(f"{url}/api/v1/courses?{query}&per_page=100&page={page}")
        found += [course["slug"] for course in body["items"]]
        page, pages = page + 1, body["pages"]
    return found


def _call(q: str, filters: dict[str, Any]) -> str:
    arguments = [repr(q)] + [f"{name}={value!r}" for name, value in filters.items()]
    return f"all_results({', '.join(arguments)})"


def check() -> str:
    from decoupled.client import Client
    from decoupled.client.models import Course

    with catalog_api() as url, direct_to_localhost(), Client(url) as client:
        expect(
            hasattr(client, "all_results"),
            "Client has no all_results method yet: add it to decoupled/client/client.py.",
        )
        for q, filters, query in SEARCHES:
            call = _call(q, filters)
            walker = client.all_results(q, **filters)
            expect(
                isinstance(walker, Iterator),
                f"{call} returns a {type(walker).__name__}, not an iterator: yield the courses "
                "(a generator), so a program that stops early fetches no more pages.",
            )
            courses = list(walker)
            expect(
                all(isinstance(course, Course) for course in courses),
                f"{call} yields {type(courses[0]).__name__ if courses else '?'}s: yield the "
                "typed Course objects of each page, as search() gives them.",
            )
            found = [course.slug for course in courses]
            wanted = _every_slug(url, query)
            expect(
                found == wanted,
                f"{call} gives {len(found)} courses ({len(set(found))} different); the API has "
                f"{len(wanted)} on all its pages, in its order. Ask for pages until the last.",
            )
    return (
        "Client.all_results walks every page of a search: the 256 courses of the whole "
        "catalog, each once and in the API's order, the filters kept, and nothing for no match."
    )
