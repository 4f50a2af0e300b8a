"""At a phone's width, no page of either storefront scrolls sideways.

390 CSS pixels is the viewport of most phones sold today (an iPhone 12 to 15). The header's row
(brand, three links, badge) needed about 640, so every page scrolled sideways; now the links
wrap below the brand (style.css, in both storefronts: they share no file). `make screenshots`
saves these pages at this width too (lessons/img/*-phone.png).
"""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.servers import CourseHub, Site

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
AGENTS_COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
# Each page, and what shows once it is filled in (the frontend fills its pages after load;
# the monolith's "also liked" cards are .rec-card, the frontend's .course-card).
PAGES = {
    "search": ("/?q=ai+agents", ".course-card"),
    "course": (None, ".also-liked :is(.course-card, .rec-card)"),
    "categories": (None, ".category-list li"),
}


def fits_the_screen(page: Page) -> None:
    scroll_width, screen_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= screen_width, f"{page.url} is {scroll_width} px wide on a phone"
    # The header's links are all there, each inside the screen.
    for link in page.locator(".site-header nav a").all():
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= screen_width


@pytest.mark.parametrize("which", PAGES)
def test_at_a_phones_width_the_page_fits_the_screen(page: Page, site: Site, which: str) -> None:
    page.set_viewport_size(PHONE)
    path, ready = PAGES[which]
    if which == "course":
        url = site.course_url(AGENTS_COURSE)
    elif which == "categories":
        url = site.url + ("/categories" if site.name == "monolith" else "/categories.html")
    else:
        url = site.url + path
    page.goto(url)
    expect(page.locator(ready).first).to_be_visible()

    fits_the_screen(page)


def test_at_a_phones_width_the_monoliths_recommendations_fit_the_screen(
    page: Page, servers: CourseHub
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(servers.monolith.url + "/recommend?interests=I+want+to+build+AI+agents")
    expect(page.locator(".rec-card").first).to_be_visible()

    fits_the_screen(page)
