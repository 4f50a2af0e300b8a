"""/docs and /redoc work without internet: every file they load comes from the service itself.

FastAPI's default pages load Swagger UI and ReDoc from a CDN; the catalog API's and the ML
service's docs.py (one copy each: the two share no code) serve the same files from an
installed package. The tests below are theirs alike, written once: each service's test module
imports them, and pytest runs them there with that folder's `client` (the service's app).
Each page names only addresses of the service, and each of those answers 200 with the right
content type. (tests/e2e/test_docs_offline.py opens the pages in a real browser with every
other host blocked.)
"""

import re

import pytest

# src, href and ReDoc's spec-url in the page's HTML, and the url: '...' Swagger UI fetches.
ADDRESS = re.compile(r"""(?:src|href|spec-url)=["']([^"']+)["']|url: ?["']([^"']+)["']""")
CONTENT_TYPES = {
    ".js": {"text/javascript", "application/javascript"},
    ".css": {"text/css"},
    ".png": {"image/png"},
    ".json": {"application/json"},
}


def addresses(html):
    return [src or url for src, url in ADDRESS.findall(html)]


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_pages_name_only_local_addresses(client, page):
    response = client.get(page)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    found = addresses(response.text)
    assert found, f"{page} loads nothing?"
    for address in found:
        assert address.startswith("/"), f"{page} loads {address}"
        assert not address.startswith("//"), f"{page} loads {address}"
    assert "http://" not in response.text and "https://" not in response.text
    assert "cdn" not in response.text.lower()


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_every_file_a_docs_page_loads_answers_with_its_content_type(client, page):
    for address in addresses(client.get(page).text):
        response = client.get(address)
        assert response.status_code == 200, address
        suffix = "." + address.rsplit(".", 1)[-1]
        media_type = response.headers["content-type"].split(";")[0]
        assert media_type in CONTENT_TYPES[suffix], (address, media_type)
        assert len(response.content) > 100, address


def test_the_docs_page_loads_swagger_ui_and_its_stylesheet(client):
    found = addresses(client.get("/docs").text)

    assert "/docs/static/swagger-ui-bundle.js" in found
    assert "/docs/static/swagger-ui.css" in found
    assert "/openapi.json" in found
    assert "SwaggerUIBundle" in client.get("/docs/static/swagger-ui-bundle.js").text


def test_the_oauth2_redirect_page_is_still_served(client):
    response = client.get("/docs/oauth2-redirect")

    assert response.status_code == 200
    assert "https://" not in response.text and "src=" not in response.text


def test_the_docs_files_are_not_in_the_contract(client):
    paths = client.get("/openapi.json").json()["paths"]

    assert not [path for path in paths if path.startswith(("/docs", "/redoc"))]
