"""Form errors a screen reader can find, in both storefronts, checked in a real Chromium.

A sighted visitor sees the red message next to a field. A screen reader user needs the same
news in other ways: the field says it is invalid (aria-invalid="true") and which text explains
why (aria-describedby, read as the field's description), each message is announced when it
appears (role="alert"), and the focus lands on the first bad field, where typing fixes it.
The monolith renders all of it in the HTML (autofocus moves the focus); the frontend sets it
with JavaScript when the API answers 422. Then axe-core (tests/e2e/axe.py) looks for any
serious or critical accessibility problem on the pages, errors showing.
"""

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import serious_problems
from tests.e2e.servers import Site

pytestmark = pytest.mark.e2e

AGENTS_COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
BAD_EMAIL = "Enter a valid email address, like ada@example.com."
NO_NAME = "Name is required."


def enroll(page: Page, name: str, email: str) -> None:
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Enroll now").click()


def assert_marked_invalid(page: Page, field_id: str, message: str) -> None:
    """The field says it is invalid, and its description, the text its aria-describedby
    names, is the message, which is announced (role="alert")."""
    field = page.locator(f"#{field_id}")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(message)
    error = page.locator(f"#{field.get_attribute('aria-describedby')}")
    expect(error).to_have_text(message)
    expect(error).to_have_role("alert")


def test_a_bad_enrollment_marks_each_bad_field_and_focuses_the_first(
    page: Page, site: Site
) -> None:
    page.goto(site.course_url(AGENTS_COURSE))

    enroll(page, "", "not-an-email")

    assert_marked_invalid(page, "name", NO_NAME)
    assert_marked_invalid(page, "email", BAD_EMAIL)
    expect(page.locator("#name")).to_be_focused()
    expect(page.get_by_role("alert")).to_have_text([NO_NAME, BAD_EMAIL])


def test_a_bad_email_alone_gets_the_focus_and_is_the_only_field_marked(
    page: Page, site: Site
) -> None:
    page.goto(site.course_url(AGENTS_COURSE))

    enroll(page, "Ada Lovelace", "not-an-email")

    assert_marked_invalid(page, "email", BAD_EMAIL)
    expect(page.locator("#email")).to_be_focused()
    expect(page.locator("#name")).not_to_have_attribute("aria-invalid", "true")


def test_once_the_enrollment_is_fixed_no_field_is_marked_invalid(page: Page, site: Site) -> None:
    page.goto(site.course_url(AGENTS_COURSE))
    enroll(page, "Ada Lovelace", "not-an-email")
    assert_marked_invalid(page, "email", BAD_EMAIL)

    enroll(page, "Ada Lovelace", f"ada-{uuid.uuid4().hex[:10]}@example.com")

    expect(page.locator(".flash")).to_contain_text("Happy learning!")
    expect(page.locator("[aria-invalid]")).to_have_count(0)
    expect(page.locator(".field-error")).to_have_count(0)


def test_a_bad_search_field_is_marked_and_focused(page: Page, site: Site) -> None:
    page.goto(site.url + "/?q=python&min_rating=7")

    assert_marked_invalid(page, "min_rating", "Enter a rating from 0 to 5.")
    expect(page.locator("#min_rating")).to_be_focused()  # not the search box, as usual
    expect(page.locator("#q")).not_to_have_attribute("aria-invalid", "true")


def test_axe_finds_no_serious_problem_on_the_home_page(page: Page, site: Site) -> None:
    page.goto(site.url + "/?q=ai+agents")
    expect(page.locator(".course-card").first).to_be_visible()

    assert serious_problems(page) == []


def test_axe_finds_no_serious_problem_on_a_course_page_with_form_errors(
    page: Page, site: Site
) -> None:
    page.goto(site.course_url(AGENTS_COURSE))
    expect(page.locator(".also-liked :is(.course-card, .rec-card)").first).to_be_visible()
    enroll(page, "", "not-an-email")
    expect(page.locator(".field-error")).to_have_count(2)

    assert serious_problems(page) == []


def test_axe_finds_no_serious_problem_on_a_search_with_errors(page: Page, site: Site) -> None:
    page.goto(site.url + "/?q=python&min_rating=7&max_price=-1")
    expect(page.locator(".field-error")).to_have_count(2)

    assert serious_problems(page) == []
