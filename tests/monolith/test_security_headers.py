"""Every answer of the monolith tells the browser what its pages may do.

Pages, error pages, the stylesheet and the partner API's JSON all carry a Content-Security-
Policy that allows nothing from other sites and no framing, `X-Content-Type-Options: nosniff`
and a Referrer-Policy; the session cookie is HttpOnly and SameSite=Lax. (tests/e2e's
test_content_security_policy.py checks in Chromium that the pages still work under the policy.)
"""

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.databases import Database

COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def _assert_protected(response: Any) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name
    policy = {
        directive.split()[0]: directive.split()[1:]
        for directive in response.headers["Content-Security-Policy"].split(";")
    }
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert not any("unsafe" in source for sources in policy.values() for source in sources)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 200),
        ("/?q=ai+agents&level=beginner&sort=rating&page=1", 200),
        ("/?page=0", 400),
        (f"/courses/{COURSE}", 200),
        ("/courses/no-such-course", 404),
        ("/categories", 200),
        ("/recommend", 200),
        ("/recommend?interests=&k=99", 400),
        ("/no-such-page", 404),
        ("/static/style.css", 200),
    ],
)
def test_every_page_carries_the_security_headers(
    url: str, status: int, client: FlaskClient
) -> None:
    with client.get(url) as response:
        assert response.status_code == status
        _assert_protected(response)


def test_the_answers_to_a_form_carry_them_too(
    client: FlaskClient, csrf_token: Callable[[str], str]
) -> None:
    url = f"/courses/{COURSE}"
    token = csrf_token(url)
    refused = client.post(url, data={"csrf_token": token, "name": "", "email": "x"})
    assert refused.status_code == 400
    _assert_protected(refused)
    no_token = client.post(url, data={"name": "Ada", "email": "ada@example.com"})
    assert no_token.status_code == 400
    _assert_protected(no_token)
    too_large = client.post(url, data={"csrf_token": token, "name": "x" * 100_000})
    assert too_large.status_code == 413
    _assert_protected(too_large)
    done = client.post(url, data={"csrf_token": token, "name": "Ada", "email": "a@example.com"})
    assert done.status_code == 302
    _assert_protected(done)
    _assert_protected(client.delete("/categories"))  # 405


def test_a_crash_page_carries_them_too(app_factory: Callable[..., Flask]) -> None:
    app = app_factory(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("a bug")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    _assert_protected(response)


def test_the_partner_apis_json_carries_them_too(
    app_factory: Callable[..., Flask], database: Database
) -> None:
    app = app_factory(database, API=True)
    result = app.test_cli_runner().invoke(args=["create-partner-key", "acme"])
    key = result.output.splitlines()[-1]
    client = app.test_client()
    feed = client.get("/api/v1/partner/courses?limit=2", headers={"X-API-Key": key})
    assert feed.status_code == 200
    assert feed.is_json
    _assert_protected(feed)
    refused = client.get("/api/v1/partner/stats")
    assert refused.status_code == 401
    _assert_protected(refused)


def test_the_session_cookie_is_http_only_and_same_site_lax(client: FlaskClient) -> None:
    response = client.get(f"/courses/{COURSE}")  # the form's CSRF token starts a session
    cookie = response.headers["Set-Cookie"]
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert cookie.startswith("session=")
    assert "httponly" in attributes
    assert "SameSite=Lax" in cookie
