"""Recommendations in the decoupled frontend: a second service, and what happens without it.

The course page asks the ML service for "students who liked this also liked", and the home
page's "Recommend me a course" box asks it for courses that fit what you type. The catalog
comes from the API, a different service. Stop the ML service (here: a frontend whose ML_URL
is an address where nothing listens) and only the recommendations say so: search, course
pages and enrollment work on, and no script fails. That is the fault isolation decoupling buys.
"""

import json
import re
import uuid
from typing import Any
from urllib.request import Request, urlopen

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.servers import MARKUP_COURSE, CourseHub

pytestmark = pytest.mark.e2e

AGENTS_COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
ALSO_LIKED = ".also-liked .course-card"
RECOMMENDED = ".recommend-results .course-card"
UNAVAILABLE = "Recommendations are unavailable right now."
# The ML service's own words for interests it refuses (decoupled/ml/problems.py).
INTERESTS_MESSAGE = "Describe your interests in 1 to 500 characters, not only spaces."


def ml_answer(servers: CourseHub, path: str, body: dict[str, Any] | None = None) -> list[str]:
    """The titles the ML service itself answers with, to compare with what the page shows."""
    data = json.dumps(body).encode() if body is not None else None
    request = Request(  # noqa: S310 (our own http:// URL)
        servers.ml.url + path, data=data, headers={"Content-Type": "application/json"}
    )
    with urlopen(request, timeout=5) as response:  # noqa: S310
        return [item["title"] for item in json.load(response)["items"]]


def ask_for_recommendations(page: Page, interests: str, level: str = "") -> None:
    box = page.locator(".recommend-box")
    box.get_by_label("What do you want to learn?").fill(interests)
    box.get_by_label("Your level").select_option(level)
    box.get_by_role("button", name="Recommend").click()


def card_titles(page: Page, cards: str) -> list[str]:
    return page.locator(f"{cards} .card-title a").all_inner_texts()


def test_a_course_page_shows_what_students_who_liked_it_also_liked(
    page: Page, servers: CourseHub
) -> None:
    page.goto(f"{servers.frontend.url}/course.html?slug={AGENTS_COURSE}")

    section = page.get_by_role("region", name="Students who liked this also liked")
    expect(section.locator(".course-card")).to_have_count(4)
    titles = card_titles(page, ALSO_LIKED)
    # The model's four nearest courses, in its order: AI agents and LLM courses.
    assert titles == ml_answer(servers, f"/v1/courses/{AGENTS_COURSE}/similar?k=4")
    for title in titles:
        assert re.search(r"\b(AI|LLM|Agents?)\b", title), title
    assert "Build AI Agents with Python" not in " ".join(titles)

    page.locator(f"{ALSO_LIKED} .card-title a").first.click()

    expect(page.locator(".course-title")).to_have_text(titles[0])
    expect(page.locator(ALSO_LIKED)).to_have_count(4)


def test_a_course_newer_than_the_model_says_it_has_no_recommendations_yet(
    page: Page, servers: CourseHub
) -> None:
    # The course was added to the catalog, not to the data the model was trained on.
    page.goto(f"{servers.frontend.url}/course.html?slug={MARKUP_COURSE['slug']}")

    expect(page.locator(".also-liked")).to_contain_text("No recommendations for this course yet")
    expect(page.locator(".course-title")).to_have_text(MARKUP_COURSE["title"])
    expect(page.locator(ALSO_LIKED)).to_have_count(0)


def test_recommend_me_a_course_lists_the_agents_courses_first_for_building_ai_agents(
    page: Page, servers: CourseHub
) -> None:
    page.goto(servers.frontend.url + "/")

    ask_for_recommendations(page, "I want to build AI agents")

    expect(page.locator(RECOMMENDED)).to_have_count(5)
    titles = card_titles(page, RECOMMENDED)
    asked = {"interests": "I want to build AI agents", "k": 5}
    assert titles == ml_answer(servers, "/v1/recommendations", asked)
    for title in titles:
        assert "AI Agents" in title, title
    expect(page.locator(f"{RECOMMENDED} .card-rank")).to_have_text(["#1", "#2", "#3", "#4", "#5"])
    expect(page.locator(".recommend-summary")).to_have_text(
        "5 courses for you, best first · ranked by the content model"
    )
    # The search below is the catalog API's, untouched by the box.
    expect(page.locator(".result-count")).to_contain_text("page 1 of")


def test_a_level_keeps_only_recommendations_at_that_level(page: Page, servers: CourseHub) -> None:
    page.goto(servers.frontend.url + "/")

    ask_for_recommendations(page, "I want to build AI agents", level="advanced")

    expect(page.locator(RECOMMENDED).first).to_be_visible()
    expect(page.locator(f"{RECOMMENDED} .level")).not_to_have_count(0)
    expect(page.locator(f"{RECOMMENDED} .level:not(.level-advanced)")).to_have_count(0)


def test_interests_that_are_too_long_show_the_services_message_next_to_the_field(
    page: Page, servers: CourseHub
) -> None:
    page.goto(servers.frontend.url + "/")

    ask_for_recommendations(page, "agents " * 80)  # 560 characters

    field_error = page.locator("label.field:has([name=interests]) .field-error")
    expect(field_error).to_have_text(INTERESTS_MESSAGE)
    expect(page.locator(RECOMMENDED)).to_have_count(0)

    ask_for_recommendations(page, "python for data analysis")

    expect(page.locator(RECOMMENDED)).to_have_count(5)
    expect(field_error).to_have_count(0)


def test_with_the_ml_service_down_search_course_pages_and_enrollment_still_work(
    page: Page, servers: CourseHub
) -> None:
    frontend = servers.frontend_without_ml.url
    page.goto(frontend + "/")
    page.get_by_label("Search", exact=True).fill("AI agents")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".result-count")).to_contain_text("13 courses · page 1 of 2")

    page.locator(".course-card .card-title a").first.click()

    expect(page.locator(".course-title")).to_contain_text("Build AI Agents with Python")
    also_liked = page.locator(".also-liked")
    expect(also_liked).to_contain_text(UNAVAILABLE)
    expect(also_liked.locator(".course-card")).to_have_count(0)
    # The catalog's own part of the page shows no error: the ML service is not its business.
    expect(page.get_by_role("alert")).to_have_count(0)

    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill(f"ada-{uuid.uuid4().hex[:10]}@example.com")
    page.get_by_role("button", name="Enroll now").click()

    expect(page.locator(".flash")).to_contain_text("You're enrolled in “Build AI Agents")
    # The `page` fixture fails the test if any script on the page threw.


def test_with_the_ml_service_down_the_recommend_box_says_recommendations_are_unavailable(
    page: Page, servers: CourseHub
) -> None:
    page.goto(servers.frontend_without_ml.url + "/")

    ask_for_recommendations(page, "I want to build AI agents")

    results = page.locator(".recommend-results")
    expect(results).to_contain_text(UNAVAILABLE)
    expect(results).to_contain_text("The ML service is not reachable at http://127.0.0.1:")
    expect(page.locator(RECOMMENDED)).to_have_count(0)
    expect(page.get_by_role("button", name="Recommend")).to_be_enabled()
    # The catalog search on the same page answers as usual.
    expect(page.locator(".result-count")).to_contain_text("page 1 of")
    expect(page.locator("#results .course-card")).to_have_count(12)
