"""The redesign is a real, working site for people: only its markup changed.

MONOLITH_REDESIGN=1 (here `"REDESIGN": True`) makes the monolith look for templates in
templates/redesign/ first. The views, the data and the rules are the same, so a visitor can
still search, page, open a course and enroll; it is only the partner's scraper that is lost.
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from monolith import create_app, db
from tests.support.processes import REPO_ROOT


def make_app(database: Path, **config: Any) -> Flask:
    return create_app({"TESTING": True, "DATABASE": str(database), "SECRET_KEY": "t", **config})


@pytest.fixture(scope="module")
def apps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, Flask]]:
    """Today's monolith and the redesigned one, reading the same seeded database."""
    database = tmp_path_factory.mktemp("redesign") / "monolith.sqlite3"
    original, redesigned = make_app(database), make_app(database, REDESIGN=True)
    yield original, redesigned
    for app in (original, redesigned):
        with app.app_context():
            db.get_engine().dispose()


@pytest.fixture
def original(apps: tuple[Flask, Flask]) -> FlaskClient:
    return apps[0].test_client()


@pytest.fixture
def client(apps: tuple[Flask, Flask]) -> FlaskClient:
    return apps[1].test_client()


@pytest.fixture(scope="module")
def by_slug() -> dict[str, dict[str, Any]]:
    records = json.loads((REPO_ROOT / "data" / "courses.json").read_text(encoding="utf-8"))
    return {record["slug"]: record for record in records}


def soup_of(client: FlaskClient, url: str, status: int = 200, **kwargs: Any) -> BeautifulSoup:
    response = client.get(url, **kwargs)
    assert response.status_code == status, url
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def visible(element: Any) -> str:
    return " ".join(element.get_text(" ").split())


def tiles(page: BeautifulSoup) -> list[str]:
    return [tile["data-course"] for tile in page.select("ul.catalog > li.tile")]


def test_searching_ai_agents_on_the_redesign_shows_the_agent_courses(client: FlaskClient) -> None:
    page = soup_of(client, "/?q=ai+agents")

    titles = [visible(title) for title in page.select("li.tile .tile-name")]
    assert len(titles) == 12
    assert "ai agents" in titles[0].lower()
    assert all("agent" in title.lower() for title in titles)
    assert "Showing 1–12 of 13 courses" in visible(page)


@pytest.mark.parametrize(
    "query",
    [
        "/",
        "/?q=ai+agents&page=2",
        "/?level=beginner&sort=price_asc&page=3",
        "/?category=design&max_price=50&min_rating=4.5&sort=rating",
        "/?q=python&sort=newest",
    ],
)
def test_the_redesign_lists_the_same_courses_in_the_same_order_with_new_markup(
    original: FlaskClient, client: FlaskClient, query: str
) -> None:
    before = soup_of(original, query)
    after = soup_of(client, query)

    slugs = [card["data-slug"] for card in before.select("article.course-card")]
    assert slugs, query
    assert tiles(after) == slugs
    assert after.select("article.course-card, .card-price, .result-count") == []


def test_each_tile_shows_every_fact_the_old_card_showed(
    client: FlaskClient, by_slug: dict[str, dict[str, Any]]
) -> None:
    page = soup_of(client, "/?sort=price_asc")  # the free courses come first
    for tile in page.select("li.tile"):
        record = by_slug[tile["data-course"]]
        assert visible(tile.select_one(".tile-name")) == record["title"]
        assert visible(tile.select_one(".tile-pitch")) == record["headline"]
        assert visible(tile.select_one(".tile-topic")) == record["category"]["name"]
        assert visible(tile.select_one(".teacher")) == record["instructor"]
        assert visible(tile.select_one(".badge")) == record["level"].capitalize()
        cost = tile.select_one("data.cost")
        assert cost["value"] == f"{record['price']:.2f}"
        expected = "Free" if record["price"] == 0 else f"${record['price']:.2f}"
        assert visible(cost) == expected
        score = visible(tile.select_one(".score"))
        assert f"{record['rating']:.1f}" in score
        assert f"{record['review_count']:,} reviews" in score


def test_the_redesigned_search_form_has_every_filter_and_keeps_what_was_chosen(
    client: FlaskClient,
) -> None:
    page = soup_of(
        client,
        "/?q=python&category=web-development&level=beginner&max_price=50&min_rating=4&sort=rating",
    )
    form = page.select_one("form#finder[role=search]")
    assert form is not None and form["method"] == "get"

    def field(name: str) -> Any:
        element = page.select_one(f'[name="{name}"]')
        assert element is not None, name
        assert element is form.select_one(f'[name="{name}"]') or element["form"] == "finder"
        return element

    assert field("q")["value"] == "python"
    assert field("max_price")["value"] == "50"
    assert field("min_rating")["value"] == "4"
    for name, chosen in [
        ("category", "web-development"),
        ("level", "beginner"),
        ("sort", "rating"),
    ]:
        assert field(name).select_one("option[selected]")["value"] == chosen


def test_the_redesigned_pages_link_to_each_other(client: FlaskClient) -> None:
    first = soup_of(client, "/?level=beginner")
    next_link = first.select_one('nav.pagination a[aria-label="Next page"]')
    assert next_link is not None
    assert first.select_one('nav.pagination [aria-current="page"]').get_text() == "1"

    second = soup_of(client, next_link["href"])
    assert "level=beginner" in next_link["href"] and "page=2" in next_link["href"]
    assert second.select_one('nav.pagination [aria-current="page"]').get_text() == "2"
    assert second.select_one('nav.pagination a[aria-label="Previous page"]') is not None
    assert set(tiles(first)).isdisjoint(tiles(second))


def test_the_redesigned_search_shows_each_bad_filter_next_to_its_field(client: FlaskClient) -> None:
    page = soup_of(client, "/?max_price=abc&min_rating=9", status=400)

    def error_for(name: str) -> str:
        group = page.select_one(f'[name="{name}"]').find_parent(class_="input-group")
        assert "is-invalid" in group["class"]
        return visible(group.select_one(".input-error"))

    assert error_for("max_price") == "Enter a price from 0 to 10000."
    assert error_for("min_rating") == "Enter a rating from 0 to 5."
    assert page.select_one(".empty-state[role=alert]") is not None


def test_a_search_that_matches_nothing_says_so_on_the_redesign(client: FlaskClient) -> None:
    page = soup_of(client, "/?q=zzzzqqq")
    assert "No courses match your search" in visible(page)
    assert tiles(page) == []


def test_the_redesigned_course_page_shows_every_public_field(
    client: FlaskClient, by_slug: dict[str, dict[str, Any]]
) -> None:
    slug = "build-ai-agents-with-python-from-zero-to-your-first-agent"
    record = by_slug[slug]
    page = soup_of(client, f"/courses/{slug}")
    text = visible(page)

    assert page.select_one("[data-course]")["data-course"] == slug
    assert visible(page.select_one("h1")) == record["title"]
    for field in ("headline", "description", "instructor", "language"):
        assert record[field] in text, field
    assert page.select_one(".buy-price data.cost")["value"] == f"{record['price']:.2f}"
    assert f"{record['student_count']:,}" in text
    assert f"{record['review_count']:,} reviews" in text
    assert f"{record['hours']} hours" in text
    assert page.select_one("time")["datetime"] == record["published"]
    assert [visible(tag) for tag in page.select("ul.chips li")] == record["tags"]
    assert record["category"]["name"] in visible(page.select_one("nav.trail"))


def enroll(client: FlaskClient, slug: str, name: str, email: str) -> Any:
    page = soup_of(client, f"/courses/{slug}")
    token = page.select_one('form.signup input[name="csrf_token"]')["value"]
    return client.post(f"/courses/{slug}", data={"csrf_token": token, "name": name, "email": email})


def test_enrolling_on_the_redesign_works_and_a_second_time_looks_the_same(
    client: FlaskClient,
) -> None:
    slug = "ai-agents-for-business-automation"

    done = enroll(client, slug, "Ada Lovelace", "ada@example.com")
    assert done.status_code == 302 and done.headers["Location"] == f"/courses/{slug}"
    toast = soup_of(client, f"/courses/{slug}").select_one(".toast[role=status]")
    assert toast is not None
    assert visible(toast).startswith("You're enrolled in “AI Agents for Business Automation”")

    again = enroll(client, slug, "Ada Lovelace", "ADA@example.com")
    assert (again.status_code, again.headers["Location"]) == (302, f"/courses/{slug}")
    toast_again = soup_of(client, f"/courses/{slug}").select_one(".toast[role=status]")
    assert visible(toast_again) == visible(toast)


def test_a_bad_enrollment_on_the_redesign_shows_the_errors_next_to_the_fields(
    client: FlaskClient,
) -> None:
    response = enroll(client, "ai-agents-for-business-automation", "", "not-an-email")

    assert response.status_code == 400
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert visible(page.select_one("#name-error")) == "Name is required."
    assert page.select_one("#name")["aria-describedby"] == "name-error"
    assert visible(page.select_one("#email-error")) == (
        "Enter a valid email address, like ada@example.com."
    )
    assert page.select_one("#email")["value"] == "not-an-email"


def test_the_redesigned_topics_and_error_pages_work(client: FlaskClient) -> None:
    topics = soup_of(client, "/categories")
    links = topics.select("ul.topics a.topic")
    assert len(links) == 8
    assert links[0]["href"] == "/?category=ai-machine-learning"

    missing = soup_of(client, "/courses/no-such-course", status=404)
    assert "We couldn't find that page" in visible(missing)
    assert missing.select_one("link[rel=stylesheet]")["href"] == "/static/redesign.css"


def test_without_the_switch_the_monolith_keeps_its_original_pages(original: FlaskClient) -> None:
    page = soup_of(original, "/")
    assert len(page.select("article.course-card")) == 12
    assert page.select("ul.catalog") == []
    assert page.select_one("link[rel=stylesheet]")["href"] == "/static/style.css"


@pytest.mark.parametrize(
    "extra",
    ["utm_source=newsletter", "endpoint=x", "_method=POST", "_anchor=%3Cscript%3E", "_external=1"],
)
def test_odd_query_parameters_never_break_the_redesigned_search_or_its_page_links(
    client: FlaskClient, extra: str
) -> None:
    page = soup_of(client, f"/?q=a&{extra}")

    assert len(tiles(page)) == 12
    next_href = page.select_one('nav.pagination a[aria-label="Next page"]')["href"]
    assert next_href.startswith("/?") and "page=2" in next_href and "<" not in next_href
    assert tiles(soup_of(client, next_href)) != tiles(page)
