"""Fixtures for the real-browser tests: CourseHub's servers, Chromium, and a fresh page.

The servers start once for the whole run (`servers`): searching changes nothing, and the
enrollment tests each use a new email, so tests do not disturb one another. Each test gets
its own browser context (`page`): no cookies, history or cache shared between tests.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, sync_playwright

from tests.e2e.servers import (
    MARKUP_COURSE,
    NO_CHROMIUM,
    CourseHub,
    Site,
    coursehub,
    launch_chromium,
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Without Chromium, every browser test (marked `e2e`) skips with one reason that says
    what to run, and no server or browser starts (a skip marker is honoured before any
    fixture runs). The tests of this folder that need no browser run anyway."""
    if not NO_CHROMIUM:
        return
    skip = pytest.mark.skip(reason=NO_CHROMIUM)
    for item in items:  # pytest calls this hook with the whole run's tests
        if item.get_closest_marker("e2e"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory, trained_models: Path) -> Iterator[CourseHub]:
    folder = tmp_path_factory.mktemp("e2e")
    with coursehub(folder, [MARKUP_COURSE], model_dir=trained_models) as running:
        yield running


# One Chromium per test file, not per session: while Playwright's sync API is open, it marks an
# asyncio loop as running in this thread, and a test of another folder that runs a loop of its
# own (asyncio.run, anyio.run) would fail after it. `make test` runs the folders side by side,
# in a few processes: the browser is closed before a process moves on to other tests.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A new tab in a fresh context; the test fails if the page's JavaScript throws."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    js_errors: list[str] = []
    page.on("pageerror", lambda error: js_errors.append(str(error)))
    yield page
    context.close()
    assert js_errors == [], f"JavaScript errors in the page: {js_errors}"


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    """The message of every alert(), confirm() or prompt() the page opens (each dismissed)."""
    opened: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return opened


@pytest.fixture(params=["monolith", "decoupled"])
def site(request: pytest.FixtureRequest, servers: CourseHub) -> Site:
    server = servers.monolith if request.param == "monolith" else servers.frontend
    return Site(request.param, server.url)
