"""Small things a learner notices in the first hour, in both storefronts.

The address after a search holds only what was chosen; each page has an icon, and the
monolith answers /favicon.ico; a recommendation's score reads the same in both (0.30); and a
message for the student keeps the developer's hint ("Is `make api` running?") apart.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.servers import CourseHub, Site, run_frontend
from tests.support.ports import unused_address

pytestmark = pytest.mark.e2e

AGENTS_COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
INTERESTS = "I want to build AI agents"


def submit_search(page: Page) -> None:
    page.locator(".search-form").get_by_role("button", name="Search").click()


def test_the_address_holds_only_the_fields_that_say_something(page: Page, site: Site) -> None:
    page.goto(site.url + "/")
    page.get_by_label("Search", exact=True).fill("AI agents")
    submit_search(page)

    # Not /?q=AI+agents&category=&level=&max_price=&min_rating=&sort=relevance
    expect(page).to_have_url(f"{site.url}/?q=AI+agents")
    expect(page.locator(".result-count")).to_contain_text("page 1 of 2")

    page.get_by_role("link", name="Next →").click()
    expect(page).to_have_url(f"{site.url}/?q=AI+agents&page=2")

    page.locator(".search-form").get_by_label("Level").select_option("beginner")
    page.get_by_label("Sort by").select_option("rating")
    submit_search(page)
    expect(page).to_have_url(f"{site.url}/?q=AI+agents&level=beginner&sort=rating")


def test_a_long_address_gets_links_without_its_empty_fields(page: Page, site: Site) -> None:
    page.goto(site.url + "/?q=AI+agents&category=&level=&max_price=&min_rating=&sort=relevance")

    next_page = page.get_by_role("link", name="Next →")
    expect(next_page).to_have_attribute("href", re.compile(r"^/?\?q=AI\+agents&page=2$"))


def test_without_javascript_the_monoliths_search_sends_every_field_and_still_works(
    browser: Browser, servers: CourseHub
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(servers.monolith.url + "/")
        page.get_by_label("Search", exact=True).fill("AI agents")
        submit_search(page)

        expect(page).to_have_url(re.compile(r"\?q=AI\+agents&category=&level=&.*sort=relevance$"))
        expect(page.locator(".result-count")).to_contain_text("13 courses · page 1 of 2")
    finally:
        context.close()


def test_every_page_has_an_icon_and_the_monolith_answers_favicon_ico(
    page: Page, site: Site
) -> None:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(site.url + "/?q=ai+agents")
    expect(page.locator(".course-card").first).to_be_visible()
    page.goto(site.course_url(AGENTS_COURSE))
    expect(page.locator(".also-liked :is(.course-card, .rec-card)").first).to_be_visible()

    icon = page.locator("link[rel=icon]")
    expect(icon).to_have_attribute("type", "image/svg+xml")
    answer = page.request.get(icon.evaluate("link => link.href"))
    assert answer.status == 200 and answer.headers["content-type"].startswith("image/svg+xml")
    assert failed == []
    if site.name == "monolith":  # what browsers and tools ask for without a <link rel=icon>
        favicon = page.request.get(site.url + "/favicon.ico")
        assert favicon.status == 200 and favicon.url == site.url + "/static/favicon.svg"
        assert favicon.body() == answer.body()


def test_a_recommendations_score_reads_the_same_in_both_storefronts(
    page: Page, servers: CourseHub
) -> None:
    page.goto(f"{servers.monolith.url}/recommend?interests={INTERESTS.replace(' ', '+')}")
    monolith_scores = page.locator(".rec-score").all_inner_texts()

    page.goto(servers.frontend.url + "/")
    page.get_by_label("What do you want to learn?").fill(INTERESTS)
    page.get_by_role("button", name="Recommend").click()
    expect(page.locator(".recommend-results .card-score")).to_have_count(5)
    frontend_scores = page.locator(".recommend-results .card-score").all_inner_texts()

    assert len(monolith_scores) == 5
    assert all(re.fullmatch(r"score \d+\.\d\d", score) for score in monolith_scores)
    assert monolith_scores == frontend_scores  # the same model, the same words: "score 0.30"


def test_the_students_message_comes_first_and_the_developers_hint_apart(
    page: Page, tmp_path: Path
) -> None:
    nothing_here = unused_address()  # the catalog API is not running

    with run_frontend(tmp_path, api_url=nothing_here) as frontend:
        page.goto(frontend.url + "/?q=ai+agents")

        alert = page.locator("#results").get_by_role("alert")
        student = alert.locator("p").first
        hint = alert.locator(".developer-hint")
        expect(student).to_have_text(
            "The course catalog is unavailable right now. Please try again in a moment."
        )
        expect(hint).to_have_text(
            f"For developers: The catalog API is not reachable at {nothing_here}. Is `make api` "
            f"running? If it is, check that its CORS_ORIGINS allows this page's origin, "
            f"{frontend.url}."
        )
        # Apart: smaller, and in another colour, under a line.
        style = "e => [parseFloat(getComputedStyle(e).fontSize), getComputedStyle(e).color]"
        (student_size, student_colour), (hint_size, hint_colour) = (
            student.evaluate(style),
            hint.evaluate(style),
        )
        assert hint_size < student_size and hint_colour != student_colour
        assert hint.evaluate("e => getComputedStyle(e).borderTopStyle") == "dashed"
