"""The interactive docs of both FastAPI services render in Chromium with the internet cut off.

Each service serves Swagger UI (/docs) and ReDoc (/redoc) from an installed package
(decoupled/backend/docs.py, decoupled/ml/docs.py). Here every request to a host other than
127.0.0.1 is aborted, as on a classroom machine whose network is down: the pages must still
draw every operation of the OpenAPI document. Swagger UI must not even try to reach another
host; ReDoc tries for one logo only.
"""

import json
from urllib.request import urlopen

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.offline import cut_off_the_internet
from tests.e2e.servers import CourseHub

pytestmark = pytest.mark.e2e

SERVICES = {"api": "CourseHub catalog API", "ml": "CourseHub ML service"}
# ReDoc's footer always asks its maker's CDN for a logo (docs.py); the page is drawn without it.
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def base_url(servers: CourseHub, service: str) -> str:
    return servers.api.url if service == "api" else servers.ml.url


def operations(url: str) -> dict[str, str]:
    """'GET /api/v2/courses': its summary, for every operation of the service's document."""
    with urlopen(f"{url}/openapi.json", timeout=10) as response:  # noqa: S310 (our own server)
        document = json.load(response)
    return {
        f"{method.upper()} {path}": operation["summary"]
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }


@pytest.mark.parametrize("service", SERVICES)
def test_swagger_ui_draws_every_operation_without_internet(
    page: Page, servers: CourseHub, service: str
) -> None:
    url = base_url(servers, service)
    refused = cut_off_the_internet(page)

    page.goto(f"{url}/docs")

    expect(page.locator(".information-container .title")).to_contain_text(SERVICES[service])
    page.locator(".opblock").first.wait_for()
    drawn = page.eval_on_selector_all(
        ".opblock",
        """blocks => blocks.map(block =>
            block.querySelector('.opblock-summary-method').textContent + ' ' +
            block.querySelector('[data-path]').dataset.path)""",
    )
    expected = operations(url)
    assert set(drawn) == set(expected)
    for summary in expected.values():
        expect(page.get_by_text(summary, exact=True).first).to_be_visible()
    assert refused == [], f"/docs tried to reach the internet: {refused}"


def test_the_catalog_docs_show_the_search_route(page: Page, servers: CourseHub) -> None:
    cut_off_the_internet(page)
    page.goto(f"{servers.api.url}/docs")

    search = page.locator(".opblock-get").filter(
        has=page.locator('.opblock-summary-path[data-path="/api/v2/courses"]')
    )
    expect(search).to_contain_text("GET")
    expect(search).to_contain_text("/api/v2/courses")


@pytest.mark.parametrize("service", SERVICES)
def test_redoc_draws_every_operation_without_internet(
    page: Page, servers: CourseHub, service: str
) -> None:
    url = base_url(servers, service)
    refused = cut_off_the_internet(page)

    page.goto(f"{url}/redoc")

    expect(page.locator("h1").first).to_contain_text(SERVICES[service])
    for summary in operations(url).values():
        expect(page.get_by_role("heading", name=summary).first).to_be_attached()
    assert set(refused) <= {REDOC_LOGO}, f"/redoc tried to reach the internet: {refused}"
