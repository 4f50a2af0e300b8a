"""What only the decoupled architecture has: two programs, two origins, a network between.

The frontend must say so when the API is not there, and the browser itself (not our code)
keeps pages from origins the API does not list in CORS_ORIGINS from reading its answers.
"""

import json
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from tests.e2e.servers import CourseHub, run_frontend
from tests.support.ports import unused_address

pytestmark = pytest.mark.e2e


def test_the_frontend_says_so_when_the_api_is_not_running(page: Page, tmp_path: Path) -> None:
    nothing_here = unused_address()  # a free port: nothing listens there
    message = f"The catalog API is not reachable at {nothing_here}. Is `make api` running?"

    with run_frontend(tmp_path, api_url=nothing_here) as frontend:
        page.goto(frontend.url + "/?q=ai+agents")
        expect(page.get_by_role("alert")).to_contain_text(message)
        expect(page.locator(".course-card")).to_have_count(0)

        page.goto(frontend.url + "/course.html?slug=build-ai-agents-with-python")
        expect(page.get_by_role("alert")).to_contain_text(message)
        expect(page.locator(".course-page")).to_be_hidden()


def test_a_page_from_an_origin_the_api_does_not_allow_cannot_read_it(
    page: Page, servers: CourseHub, tmp_path: Path
) -> None:
    courses = f"{servers.api.url}/api/v1/courses?q=ai+agents"
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))

    # The same frontend, pointed at the same API, but served from a port not in CORS_ORIGINS.
    with run_frontend(tmp_path, api_url=servers.api.url) as other_origin:
        page.goto(other_origin.url + "/?q=ai+agents")

        expect(page.get_by_role("alert")).to_contain_text(
            f"The catalog API is not reachable at {servers.api.url}"
        )
        expect(page.get_by_role("alert")).to_contain_text(other_origin.url)
        with pytest.raises(PlaywrightError, match="Failed to fetch"):
            page.evaluate("url => fetch(url).then(response => response.json())", courses)

    assert any("blocked by CORS policy" in line for line in console), console
    # Not a network problem: the API answered. It was the browser that kept the answer
    # from the page, because the API did not name that page's origin as allowed.
    with urlopen(courses, timeout=5) as response:  # noqa: S310 (our own http:// URL)
        assert json.load(response)["total"] > 0


def test_the_allowed_frontend_reads_the_same_api(page: Page, servers: CourseHub) -> None:
    courses = f"{servers.api.url}/api/v1/courses?q=ai+agents"
    page.goto(servers.frontend.url + "/")

    answer = page.evaluate("url => fetch(url).then(response => response.json())", courses)

    assert answer["items"][0]["slug"] == "build-ai-agents-with-python-from-zero-to-your-first-agent"


def test_the_server_sends_modules_as_javascript_and_hides_its_python(
    servers: CourseHub,
) -> None:
    with urlopen(servers.frontend.url + "/js/search.js", timeout=5) as response:  # noqa: S310
        assert response.headers["Content-Type"].startswith("text/javascript")
    with urlopen(servers.frontend.url + "/config.js", timeout=5) as response:  # noqa: S310
        assert response.read().decode() == (
            f'export const API_URL = "{servers.api.url}";\n'
            f'export const ML_URL = "{servers.ml.url}";\n'
        )
    for hidden in ("/__main__.py", "/js/"):
        with pytest.raises(HTTPError) as refused:
            urlopen(servers.frontend.url + hidden, timeout=5).close()  # noqa: S310
        assert refused.value.code == 404
        refused.value.close()


def test_the_frontend_speaks_v2_and_shows_its_prices_as_before(
    page: Page, servers: CourseHub
) -> None:
    catalog_calls: list[str] = []
    page.on(
        "request",
        lambda request: (
            catalog_calls.append(request.url) if request.url.startswith(servers.api.url) else None
        ),
    )
    page.goto(servers.frontend.url + "/?q=ai+agents")
    expect(page.locator(".course-card").first).to_be_visible()
    first_price = page.locator(".course-card .card-price").first.inner_text()

    assert catalog_calls, "the search page called the catalog API"
    assert all("/api/v2/" in url for url in catalog_calls), catalog_calls
    # The same course in v1, a plain number of dollars, is the price the card shows.
    v1 = page.evaluate(
        "url => fetch(url).then(response => response.json())",
        f"{servers.api.url}/api/v1/courses?q=ai+agents&per_page=1",
    )
    assert first_price == f"${v1['items'][0]['price']:.2f}"
