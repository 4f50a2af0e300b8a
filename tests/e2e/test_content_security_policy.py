"""The monolith's pages work in Chromium under their Content-Security-Policy.

monolith/security_headers.py allows nothing inline and nothing from other sites. A page that
needed either would break quietly: the browser refuses the style or script and says so only in
the console. So a visitor goes through every page and action here while the test listens to
the console, and no "Content Security Policy" message may appear; the stylesheet must apply.
"""

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.servers import CourseHub

pytestmark = pytest.mark.e2e

AGENTS_COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
CSP = "Content Security Policy"


@pytest.fixture
def console(page: Page) -> list[str]:
    """Every console message of the page, as it comes."""
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    return messages


def _styled(page: Page) -> None:
    """The stylesheet applied: the header's row is laid out by style.css, not by default."""
    assert page.locator(".site-header .wrap").evaluate("e => getComputedStyle(e).display") == (
        "flex"
    )


def test_every_monolith_page_works_with_no_policy_violation(
    page: Page, servers: CourseHub, console: list[str]
) -> None:
    url = servers.monolith.url
    answer = page.goto(url + "/")
    assert (
        answer is not None and "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    )
    _styled(page)

    page.get_by_label("Search", exact=True).fill("AI agents")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".result-count")).to_contain_text("page 1 of")
    page.get_by_role("link", name=re.compile("Next")).first.click()
    expect(page.locator(".result-count")).to_contain_text("page 2 of")

    page.goto(f"{url}/courses/{AGENTS_COURSE}")
    _styled(page)
    page.get_by_label("Your name").fill("Ada")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Enroll now").click()
    expect(page.locator(".field-error").first).to_be_visible()
    page.get_by_label("Email").fill(f"csp-{uuid.uuid4().hex[:8]}@example.com")
    page.get_by_role("button", name="Enroll now").click()
    expect(page.locator(".flash")).to_contain_text("You're enrolled")

    page.goto(url + "/categories")
    _styled(page)
    page.goto(url + "/recommend?interests=build+ai+agents&k=3")
    expect(page.locator(".rec-list li")).to_have_count(3)
    page.goto(url + "/no-such-page")
    expect(page.locator(".error-page")).to_be_visible()
    _styled(page)

    assert [message for message in console if CSP in message] == []


def test_the_policy_is_enforced_an_inline_script_does_not_run(
    page: Page, servers: CourseHub
) -> None:
    # What the policy is for: if markup slipped through escaping, its script would not run.
    page.goto(servers.monolith.url + "/")
    with page.expect_console_message(lambda message: CSP in message.text) as refusal:
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "document.body.dataset.injected = 'yes'";
                document.body.append(script);
            }"""
        )
    assert "script-src" in refusal.value.text or "default-src" in refusal.value.text
    assert page.locator("body").get_attribute("data-injected") is None
