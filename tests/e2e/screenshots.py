"""Screenshots of both architectures for the lessons: `make screenshots`.

Starts the monolith, the catalog API, the ML service and the frontend (as the browser tests
do, after training the recommender), opens the same search and the same course in each, and
saves PNGs 1280 pixels wide into lessons/img/: the search pages 900 high, the course pages
whole, down to "Students who liked this also liked". Then the same two pages of each at a
phone's width, 390 by 844 (*-phone.png): no sideways scrolling there. Last, the catalog API's
/docs, 900 high, with the internet cut off (docs-offline.png): it needs no CDN.
"""

import sys
from pathlib import Path
from tempfile import TemporaryDirectory

from playwright.sync_api import Page, sync_playwright

from tests.e2e.offline import cut_off_the_internet
from tests.e2e.servers import NO_CHROMIUM, REPO_ROOT, coursehub, launch_chromium

OUT = REPO_ROOT / "lessons" / "img"
SEARCH = "/?q=ai+agents"
COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
PHONE = {"width": 390, "height": 844}  # an iPhone 12 to 15's viewport, in CSS pixels


def save(page: Page, url: str, ready: str, name: str, *, whole_page: bool = False) -> None:
    page.goto(url)
    page.locator(ready).first.wait_for()  # the decoupled pages fill in after load
    path = OUT / f"{name}.png"
    page.screenshot(path=path, full_page=whole_page)
    print(f"  {path.relative_to(REPO_ROOT)}")


def main() -> None:
    if NO_CHROMIUM:
        sys.exit(NO_CHROMIUM)
    OUT.mkdir(parents=True, exist_ok=True)
    with (
        TemporaryDirectory() as folder,
        coursehub(Path(folder), usual_ports=True) as servers,
        sync_playwright() as playwright,
    ):
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        print("Saving screenshots:")
        monolith, frontend = servers.monolith.url, servers.frontend.url
        save(page, monolith + SEARCH, ".course-card", "monolith-search")
        course = f"/courses/{COURSE}"
        save(page, monolith + course, ".course-title", "monolith-course", whole_page=True)
        save(page, frontend + SEARCH, ".course-card", "decoupled-search")
        # Ready when the "also liked" cards are: they come from the ML service, on their own.
        course = f"/course.html?slug={COURSE}"
        save(
            page, frontend + course, ".also-liked .course-card", "decoupled-course", whole_page=True
        )
        phone = browser.new_page(viewport=PHONE)
        save(phone, monolith + SEARCH, ".course-card", "monolith-search-phone")
        save(phone, f"{monolith}/courses/{COURSE}", ".course-title", "monolith-course-phone")
        save(phone, frontend + SEARCH, ".course-card", "decoupled-search-phone")
        save(phone, frontend + course, ".also-liked .course-card", "decoupled-course-phone")
        cut_off_the_internet(page)  # from here on, the page reaches 127.0.0.1 only
        save(page, servers.api.url + "/docs", ".opblock", "docs-offline")
        browser.close()


if __name__ == "__main__":
    main()
