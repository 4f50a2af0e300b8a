"""Headers for browsers and caches: nosniff on every answer, no-store on the one that shows an
email, and a challenge on the 401 saying which credential is wanted."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v2/courses?q=ai"),
        ("get", f"/api/v1/courses/{COURSE}"),
        ("get", "/api/v2/categories"),
        ("get", "/api/v2/courses/no-such-course"),
        ("get", "/api/v2/courses?level=expert"),
        ("get", "/api/v2/partner/stats"),
        ("post", f"/api/v2/courses/{COURSE}/enrollments"),
        ("delete", "/api/v2/categories"),
        ("get", "/healthz"),
        ("get", "/openapi.json"),
        ("get", "/docs"),
    ],
)
def test_every_answer_says_nosniff(client, method, path):
    response = client.request(method, path)

    assert response.headers["x-content-type-options"] == "nosniff"


def test_even_a_crash_says_nosniff(app: FastAPI):
    @app.get("/crash")
    def crash() -> None:
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/crash")

    assert response.status_code == 500
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_enrollment_which_shows_the_email_is_never_cached(client):
    body = {"name": "Ada", "email": "ada@example.com"}

    response = client.post(f"/api/v2/courses/{COURSE}/enrollments", json=body)

    assert response.status_code == 201
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("key", [None, "wrong-key"])
def test_a_401_says_which_credential_it_wants(client, assert_problem, key):
    headers = {"X-API-Key": key} if key else {}

    response = client.get("/api/v2/partner/stats", headers=headers)

    assert_problem(response, 401)
    assert response.headers["www-authenticate"] == 'ApiKey header="X-API-Key"'
