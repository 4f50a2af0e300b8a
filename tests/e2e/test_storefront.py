"""What a visitor does in a real browser, the same in both architectures.

Every test runs twice: against the monolith's server-rendered pages and against the
decoupled frontend calling the catalog API. The same clicks and the same checks pass on
both, because both show the same page (same classes, same labels, same messages).
"""

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.servers import MARKUP_COURSE, MARKUP_TITLE, CourseHub, Site

pytestmark = pytest.mark.e2e

AGENTS_COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
TITLES = ".course-card .card-title a"


def unique_email() -> str:
    return f"learner-{uuid.uuid4().hex[:10]}@example.com"


def search(page: Page, site: Site, words: str) -> None:
    page.goto(site.url + "/")
    page.get_by_label("Search", exact=True).fill(words)
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".result-count")).to_contain_text("page 1 of")


def enroll(page: Page, name: str, email: str) -> None:
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Enroll now").click()


def search_field(page: Page, label: str):
    # The decoupled home page also has a "Recommend me a course" box, with its own level.
    return page.locator(".search-form").get_by_label(label)


def field_error(page: Page, name: str):
    return page.locator(f"label.field:has([name={name}]) .field-error")


def test_search_ai_agents_lists_the_agents_courses_first(page: Page, site: Site) -> None:
    search(page, site, "AI agents")

    expect(page).to_have_url(re.compile(r"[?&]q=AI\+agents"))
    first_titles = page.locator(TITLES).all_inner_texts()[:4]
    assert len(first_titles) == 4
    for title in first_titles:
        assert re.search(r"\bAI\b", title) and "Agent" in title, title


def test_a_level_filter_shows_only_courses_of_that_level(page: Page, site: Site) -> None:
    search(page, site, "AI agents")
    search_field(page, "Level").select_option("beginner")
    page.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"level=beginner"))
    expect(page.locator(".course-card").first).to_be_visible()
    expect(page.locator(".course-card .level:not(.level-beginner)")).to_have_count(0)
    expect(page.get_by_label("Search", exact=True)).to_have_value("AI agents")


def test_next_shows_the_second_page_of_results(page: Page, site: Site) -> None:
    search(page, site, "AI agents")
    first_page = page.locator(TITLES).all_inner_texts()

    page.get_by_role("link", name="Next →").click()

    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator(".result-count")).to_contain_text("page 2 of 2")
    expect(page.get_by_role("link", name="← Previous")).to_be_visible()
    second_page = page.locator(TITLES).all_inner_texts()
    assert second_page and not set(second_page) & set(first_page)


def test_clicking_a_course_opens_its_page(page: Page, site: Site) -> None:
    search(page, site, "AI agents")
    first = page.locator(TITLES).first
    title = first.inner_text()

    first.click()

    expect(page.locator(".course-title")).to_have_text(title)
    expect(page).to_have_url(re.compile(AGENTS_COURSE))
    expect(page.locator(".course-instructor")).to_have_text("Priya Raman")
    expect(page.locator(".published")).to_have_text("March 12, 2024")
    expect(page.locator(".tags li")).to_contain_text(["ai agents", "python"])


def test_enrolling_shows_that_you_are_enrolled(page: Page, site: Site) -> None:
    page.goto(site.course_url(AGENTS_COURSE))

    enroll(page, "Ada Lovelace", unique_email())

    expect(page.locator(".flash")).to_contain_text("You're enrolled in “Build AI Agents")
    expect(page.locator(".flash")).to_contain_text("Ada Lovelace. Happy learning!")
    expect(page.locator(".field-error")).to_have_count(0)


def test_enrolling_twice_with_one_email_says_enrolled_both_times(page: Page, site: Site) -> None:
    """The page never tells whether an address was enrolled before (so a stranger cannot
    find out by typing someone's email); the same words in both twins."""
    email = unique_email()
    page.goto(site.course_url(AGENTS_COURSE))
    enroll(page, "Ada Lovelace", email)
    expect(page.locator(".flash")).to_contain_text("Ada Lovelace. Happy learning!")

    enroll(page, "Ada Lovelace", email)

    expect(page.locator(".flash")).to_have_count(1)
    expect(page.locator(".flash")).to_contain_text("You're enrolled in “Build AI Agents")
    expect(page.locator(".field-error")).to_have_count(0)


def test_a_bad_email_shows_the_error_next_to_the_field(page: Page, site: Site) -> None:
    page.goto(site.course_url(AGENTS_COURSE))

    enroll(page, "Ada Lovelace", "not-an-email")

    expect(field_error(page, "email")).to_have_text(
        "Enter a valid email address, like ada@example.com."
    )
    expect(field_error(page, "name")).to_have_count(0)
    expect(page.locator(".flash")).to_have_count(0)


def test_an_impossible_rating_shows_the_error_next_to_the_field(page: Page, site: Site) -> None:
    page.goto(site.url + "/?q=python&min_rating=7")

    expect(field_error(page, "min_rating")).to_have_text("Enter a rating from 0 to 5.")
    expect(page.locator(".notice[role=alert]")).to_have_text(
        "Please fix the search above and try again."
    )
    expect(page.locator(".course-card")).to_have_count(0)


def test_the_categories_page_lists_each_category_with_its_course_count(
    page: Page, site: Site
) -> None:
    page.goto(site.url + "/")
    page.get_by_role("link", name="Categories").click()

    design = page.locator(".category-list a", has_text="Design")
    expect(design).to_contain_text("30 courses")
    expect(page.locator(".category-list li")).to_have_count(8)
    design.click()
    expect(page).to_have_url(re.compile(r"category=design"))
    expect(page.get_by_label("Category")).to_have_value("design")
    expect(page.locator(".result-count")).to_contain_text("30 courses")


def test_back_and_forward_restore_the_search(page: Page, site: Site) -> None:
    search(page, site, "AI agents")
    page.get_by_role("link", name="Next →").click()
    expect(page.locator(".result-count")).to_contain_text("page 2 of 2")

    page.go_back()
    expect(page.locator(".result-count")).to_contain_text("page 1 of 2")
    expect(page.get_by_label("Search", exact=True)).to_have_value("AI agents")

    page.go_forward()
    expect(page.locator(".result-count")).to_contain_text("page 2 of 2")


def test_a_shared_link_shows_the_same_search(page: Page, site: Site) -> None:
    page.goto(site.url + "/?q=python&level=intermediate&sort=price_asc&page=2")

    expect(page.locator(".result-count")).to_contain_text("page 2 of")
    expect(page.get_by_label("Search", exact=True)).to_have_value("python")
    expect(search_field(page, "Level")).to_have_value("intermediate")
    expect(page.get_by_label("Sort by")).to_have_value("price_asc")
    expect(page.locator(".course-card .level:not(.level-intermediate)")).to_have_count(0)


def test_both_architectures_show_the_same_results_for_one_link(
    page: Page, servers: CourseHub
) -> None:
    link = "/?q=ai&category=ai-machine-learning&sort=rating&page=2"
    titles = {}
    for name, server in (("monolith", servers.monolith), ("decoupled", servers.frontend)):
        page.goto(server.url + link)
        expect(page.locator(".result-count")).to_contain_text("page 2 of")
        titles[name] = page.locator(TITLES).all_inner_texts()

    assert titles["monolith"] and titles["monolith"] == titles["decoupled"]


def test_a_course_title_with_markup_shows_as_text_and_runs_nothing(
    page: Page, site: Site, dialogs: list[str]
) -> None:
    page.goto(site.url + "/?q=onerror")
    card_title = page.locator(TITLES)
    expect(card_title).to_have_text(MARKUP_TITLE)
    expect(page.locator(".card-instructor")).to_have_text(MARKUP_COURSE["instructor"])

    card_title.click()

    expect(page.locator(".course-title")).to_have_text(MARKUP_TITLE)
    expect(page.locator(".course-description")).to_have_text(MARKUP_COURSE["description"])
    expect(page.locator(".tags li").first).to_have_text("<svg onload=alert(3)>")
    # The markup stayed text: no element was made from it, so nothing could run.
    expect(page.locator("main img, main svg, main script, main b, main i")).to_have_count(0)
    assert dialogs == []
