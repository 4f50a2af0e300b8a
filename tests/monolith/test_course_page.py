"""A course's page, /courses/<slug>: every public field of the course, and the enroll form."""

import html
import re
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

Record = dict[str, Any]


def _pick(dataset: list[Record]) -> dict[str, Record]:
    """Courses that exercise every way a field is shown."""
    paid = [r for r in dataset if r["price"] > 0]
    return {
        "free": next(r for r in dataset if r["price"] == 0),
        "cheapest-paid": min(paid, key=lambda r: (r["price"], r["slug"])),
        "most-students": max(dataset, key=lambda r: r["student_count"]),
        "fewest-reviews": min(dataset, key=lambda r: (r["review_count"], r["slug"])),
        "whole-hours": next(r for r in dataset if float(r["hours"]).is_integer()),
        "not-english": next(r for r in dataset if r["language"] != "English"),
        "ai-agents": next(r for r in dataset if "AI Agents" in r["title"]),
    }


KINDS = [
    "free",
    "cheapest-paid",
    "most-students",
    "fewest-reviews",
    "whole-hours",
    "not-english",
    "ai-agents",
]


def _price(record: Record) -> str:
    return "Free" if record["price"] == 0 else f"${record['price']:.2f}"


def _published(record: Record) -> str:
    day = date.fromisoformat(record["published"])
    return f"{day.strftime('%B')} {day.day}, {day.year}"


@pytest.mark.parametrize("kind", KINDS)
def test_course_page_shows_every_public_field(
    kind: str, client: FlaskClient, page_of: Callable[..., Any], dataset: list[Record]
) -> None:
    record = _pick(dataset)[kind]
    page = page_of(client.get(f"/courses/{record['slug']}"))
    assert page.status == 200
    text = page.text

    for field in ("title", "headline", "description", "instructor", "language"):
        assert " ".join(record[field].split()) in text, field
    assert _price(record) in text
    assert f"{record['rating']:.1f}" in text
    assert f"({record['review_count']:,} reviews)" in text
    assert f"{record['student_count']:,}" in text
    assert record["level"].capitalize() in text
    assert f"{float(record['hours']):.1f} hours" in text
    assert _published(record) in text
    assert f'datetime="{record["published"]}"' in page.html
    for tag in record["tags"]:
        assert f"<li>{tag}</li>" in page.html, tag
    # the category, as a link to a search of that category
    assert record["category"]["name"] in text
    category_links = [parse_qs(urlsplit(link).query) for link in page.links if "category=" in link]
    assert {"category": [record["category"]["slug"]]} in category_links
    # the browser tab names the course
    assert f"<title>{record['title']} · CourseHub</title>" in html.unescape(page.html)


def _big_price(page_html: str) -> str:
    match = re.search(r'class="big-price">([^<]*)<', page_html)
    assert match, "no price on the page"
    return match.group(1).strip()


def test_free_course_says_free_and_paid_course_shows_dollars_and_cents(
    client: FlaskClient, dataset: list[Record]
) -> None:
    free = next(r for r in dataset if r["price"] == 0)
    assert _big_price(client.get(f"/courses/{free['slug']}").get_data(as_text=True)) == "Free"

    round_price = next((r for r in dataset if r["price"] > 0 and r["price"] % 1 == 0), None)
    paid = round_price or next(r for r in dataset if r["price"] > 0)
    page_html = client.get(f"/courses/{paid['slug']}").get_data(as_text=True)
    # always two decimals: $20.00, not $20 or $20.0
    assert _big_price(page_html) == f"${paid['price']:.2f}"


def test_every_course_in_the_catalog_has_its_page(
    client: FlaskClient, page_of: Callable[..., Any], dataset: list[Record]
) -> None:
    for record in dataset:
        page = page_of(client.get(f"/courses/{record['slug']}"))
        assert page.status == 200, record["slug"]
        assert " ".join(record["title"].split()) in page.text, record["slug"]
        assert _price(record) in page.text, record["slug"]


def test_course_cards_in_search_results_open_the_course_page(
    client: FlaskClient, search: Callable[..., Any], page_of: Callable[..., Any]
) -> None:
    results = search(q="ai agents")
    for slug, title in zip(results.slugs[:3], results.titles[:3], strict=True):
        link = f"/courses/{slug}"
        assert link in results.links
        page = page_of(client.get(link))
        assert page.status == 200
        assert title in page.text


def test_category_link_on_a_course_page_lists_that_category(
    client: FlaskClient, page_of: Callable[..., Any], dataset: list[Record]
) -> None:
    record = dataset[0]
    page = page_of(client.get(f"/courses/{record['slug']}"))
    [link] = [link for link in page.links if "category=" in link]
    category_page = page_of(client.get(link))
    assert category_page.status == 200
    count = sum(1 for r in dataset if r["category"]["slug"] == record["category"]["slug"])
    assert f"{count} courses" in category_page.text
    assert category_page.selected["category"] == record["category"]["slug"]


def test_course_page_has_an_enroll_form_with_name_email_and_a_csrf_token(
    client: FlaskClient, page_of: Callable[..., Any], dataset: list[Record]
) -> None:
    slug = dataset[0]["slug"]
    page = page_of(client.get(f"/courses/{slug}"))
    assert {"name", "email", "csrf_token"} <= page.inputs.keys()
    assert page.inputs["csrf_token"]
    assert page.inputs["name"] == "" and page.inputs["email"] == ""
    assert f'action="/courses/{slug}"' in page.html
    assert 'method="post"' in page.html
    assert "Enroll now" in page.text


def test_course_page_is_in_the_site_layout(
    client: FlaskClient, page_of: Callable[..., Any], dataset: list[Record]
) -> None:
    page = page_of(client.get(f"/courses/{dataset[0]['slug']}"))
    assert "CourseHub" in page.text
    assert "/categories" in page.links
    assert "/static/style.css" in page.html
