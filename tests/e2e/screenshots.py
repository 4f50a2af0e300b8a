"""Screenshots of both architectures for the lessons: `make screenshots`.

Starts the monolith, the catalog API and the frontend (as the browser tests do), opens the
same search and the same course in each, and saves 1280x900 PNGs into lessons/img/.
"""

import sys
from pathlib import Path
from tempfile import TemporaryDirectory

from playwright.sync_api import Page, sync_playwright

from tests.e2e.servers import CHROMIUM, REPO_ROOT, coursehub, launch_chromium

OUT = REPO_ROOT / "lessons" / "img"
SEARCH = "/?q=ai+agents"
COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"


def save(page: Page, url: str, ready: str, name: str) -> None:
    page.goto(url)
    page.locator(ready).first.wait_for()  # the decoupled pages fill in after load
    path = OUT / f"{name}.png"
    page.screenshot(path=path)
    print(f"  {path.relative_to(REPO_ROOT)}")


def main() -> None:
    if not CHROMIUM.exists():
        sys.exit(f"Chromium not found at {CHROMIUM}; .ci/run installs it")
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
        save(page, f"{monolith}/courses/{COURSE}", ".course-title", "monolith-course")
        save(page, frontend + SEARCH, ".course-card", "decoupled-search")
        save(page, f"{frontend}/course.html?slug={COURSE}", ".course-title", "decoupled-course")
        browser.close()


if __name__ == "__main__":
    main()
