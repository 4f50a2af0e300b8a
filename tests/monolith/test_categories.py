"""/categories: every category with how many courses it holds, each linking to its courses."""

import re
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

Record = dict[str, Any]


@pytest.fixture
def categories_page(client: FlaskClient, page_of: Callable[..., Any]) -> Any:
    page = page_of(client.get("/categories"))
    assert page.status == 200
    return page


def _listed(page: Any) -> list[tuple[str, int, str]]:
    """(name, count, category slug of its link) for each category, in the order shown."""
    rows = re.findall(
        r'<a href="([^"]*)">\s*<span class="category-name">([^<]*)</span>\s*'
        r'<span class="category-count">([\d,]+) courses?</span>',
        page.html,
    )
    result = []
    for href, name, count in rows:
        query = parse_qs(urlsplit(href).query)
        assert urlsplit(href).path == "/"
        result.append(
            (name.replace("&amp;", "&"), int(count.replace(",", "")), query["category"][0])
        )
    return result


def test_categories_page_lists_every_category_with_its_course_count(
    categories_page: Any, dataset: list[Record]
) -> None:
    counts = Counter((r["category"]["name"], r["category"]["slug"]) for r in dataset)
    listed = _listed(categories_page)
    assert {(name, slug): n for name, n, slug in listed} == counts
    assert sum(n for _, n, _ in listed) == len(dataset)


def test_categories_are_in_alphabetical_order(categories_page: Any) -> None:
    names = [name for name, _, _ in _listed(categories_page)]
    assert len(names) >= 8
    assert names == sorted(names)


def test_each_category_link_lists_exactly_its_courses(
    client: FlaskClient,
    categories_page: Any,
    all_result_slugs: Callable[..., list[str]],
    dataset: list[Record],
) -> None:
    for name, count, slug in _listed(categories_page):
        slugs = all_result_slugs(category=slug)
        assert len(slugs) == count, name
        assert set(slugs) == {r["slug"] for r in dataset if r["category"]["slug"] == slug}


def test_category_search_page_says_how_many_courses_it_holds(
    client: FlaskClient, categories_page: Any, page_of: Callable[..., Any]
) -> None:
    _, count, slug = _listed(categories_page)[0]
    first_link = next(link for link in categories_page.links if "category=" in link)
    page = page_of(client.get(first_link))
    assert page.status == 200
    assert f"{count} courses" in page.text
    assert page.selected["category"] == slug


def test_categories_page_is_reachable_from_the_navigation(
    client: FlaskClient, page_of: Callable[..., Any]
) -> None:
    home = page_of(client.get("/"))
    assert "/categories" in home.links
    page = page_of(client.get("/categories"))
    assert "Browse by category" in page.text
    assert "CourseHub" in page.text
