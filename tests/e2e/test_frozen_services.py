"""A service that is frozen, not stopped: the page waits a few seconds, then says so.

A stopped service refuses the connection, and the page knows at once. A stuck or overloaded
one is worse: the connection is accepted and no answer ever comes. Here a real service is
frozen with SIGSTOP (the kernel stops running it; its port stays open and accepts), and the
frontend must give up on its own, after its time limit (5 s, `TIME_LIMIT_SECONDS` in
js/api.js), and show its message for the part of the page that service fills. Without a time
limit, "Loading…" stayed forever. After SIGCONT the same page works again.

These tests start their own catalog API, ML service and frontend, so that freezing one never
holds up the other tests' servers.
"""

import signal
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.servers import (
    CourseHub,
    Server,
    free_port,
    origins,
    run_api,
    run_frontend,
    run_ml,
)

pytestmark = pytest.mark.e2e

AGENTS_COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
UNAVAILABLE = "Recommendations are unavailable right now."
# Well past the frontend's 5 s limit: only a page that never gives up fails.
PATIENCE_MS = 10_000


@dataclass
class Storefront:
    api: Server
    ml: Server
    frontend: Server


@pytest.fixture(scope="module")
def storefront(
    servers: CourseHub, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Storefront]:
    """A catalog API, an ML service (on the model `servers` trained) and their frontend."""
    folder = tmp_path_factory.mktemp("frozen")
    frontend_port = free_port()
    allowed = origins(frontend_port)
    with ExitStack() as stack:
        api = stack.enter_context(run_api(folder, allowed, wait=False))
        ml = stack.enter_context(run_ml(folder, servers.model_dir, allowed, wait=False))
        frontend = stack.enter_context(
            run_frontend(folder, api.url, ml.url, frontend_port, wait=False)
        )
        for server in (api, ml, frontend):
            server.wait_until_ready()
        yield Storefront(api, ml, frontend)


@contextmanager
def frozen(server: Server) -> Iterator[None]:
    """`server`'s processes stopped by the kernel, then let go again, whatever happens."""
    server.program.signal(signal.SIGSTOP)
    try:
        yield
    finally:
        server.program.signal(signal.SIGCONT)


def test_a_frozen_ml_service_makes_the_course_page_say_recommendations_are_unavailable(
    page: Page, storefront: Storefront
) -> None:
    also_liked = page.locator(".also-liked")

    with frozen(storefront.ml):
        page.goto(f"{storefront.frontend.url}/course.html?slug={AGENTS_COURSE}")

        # The catalog's part of the page comes from the API, which answers as usual.
        expect(page.locator(".course-title")).to_contain_text("Build AI Agents with Python")
        expect(also_liked).to_contain_text(UNAVAILABLE, timeout=PATIENCE_MS)
        expect(also_liked.locator(".developer-hint")).to_contain_text(
            "The ML service at http://127.0.0.1:"
        )
        expect(also_liked.locator(".developer-hint")).to_contain_text(
            "did not answer within 5 seconds."
        )
        expect(also_liked).not_to_contain_text("Loading recommendations")
        expect(also_liked.locator(".course-card")).to_have_count(0)

    page.reload()

    expect(also_liked.locator(".course-card")).to_have_count(4)


def test_a_frozen_ml_service_makes_the_recommend_box_say_so_and_the_search_works_on(
    page: Page, storefront: Storefront
) -> None:
    page.goto(storefront.frontend.url + "/")
    expect(page.locator("#results .course-card")).to_have_count(12)
    box = page.locator(".recommend-box")
    button = box.get_by_role("button", name="Recommend")
    box.get_by_label("What do you want to learn?").fill("I want to build AI agents")

    with frozen(storefront.ml):
        button.click()

        results = page.locator(".recommend-results")
        expect(results).to_contain_text(UNAVAILABLE, timeout=PATIENCE_MS)
        expect(results.locator(".developer-hint")).to_contain_text(
            "did not answer within 5 seconds"
        )
        expect(button).to_be_enabled()  # the student can ask again

    button.click()

    expect(page.locator(".recommend-results .course-card")).to_have_count(5)


def test_a_frozen_catalog_api_makes_the_search_say_it_did_not_answer_in_time(
    page: Page, storefront: Storefront
) -> None:
    results = page.locator("#results")

    with frozen(storefront.api):
        page.goto(storefront.frontend.url + "/?q=ai+agents")

        expect(results).to_contain_text(
            "The course catalog did not answer in time. Please try again in a moment.",
            timeout=PATIENCE_MS,
        )
        # For whoever runs the services, apart from the student's sentence (api.js).
        hint = results.get_by_role("alert").locator(".developer-hint")
        expect(hint).to_contain_text("The catalog API at http://127.0.0.1:")
        expect(hint).to_contain_text("did not answer within 5 seconds")
        expect(hint).to_contain_text("restart `make api`")
        expect(results).not_to_contain_text("Loading courses")

    page.reload()

    expect(page.locator(".result-count")).to_contain_text("13 courses · page 1 of 2")
