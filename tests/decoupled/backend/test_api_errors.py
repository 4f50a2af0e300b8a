"""Every error is an RFC 9457 problem (application/problem+json), and never a stack trace."""

import pytest
from fastapi.testclient import TestClient

from decoupled.backend.db import get_session


@pytest.mark.parametrize("url", ["/api/v1/nope", "/nope", "/api/v3/courses", "/api/v1/"])
def test_an_unknown_address_is_a_404_problem(client, assert_problem, url):
    body = assert_problem(client.get(url), 404)

    assert body == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "There is nothing at this address.",
    }


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("DELETE", "/api/v1/courses", "GET"),
        ("PUT", "/api/v1/categories", "GET"),
        ("GET", "/api/v1/courses/some-course/enrollments", "POST"),
        ("POST", "/healthz", "GET"),
    ],
)
def test_a_wrong_method_is_a_405_problem_saying_what_is_allowed(
    client, assert_problem, method, url, allowed
):
    response = client.request(method, url)

    body = assert_problem(response, 405)
    assert body["title"] == "Method Not Allowed"
    assert response.headers["allow"] == allowed


def test_a_crash_is_a_500_problem_without_a_stack_trace(app, client, assert_problem):
    def broken_session():
        raise RuntimeError("connection to secret-db.internal:5432 refused")
        yield  # a generator, like the real dependency

    app.dependency_overrides[get_session] = broken_session
    with TestClient(app, raise_server_exceptions=False) as crashing:
        response = crashing.get("/api/v1/categories")

    body = assert_problem(response, 500)
    assert body["title"] == "Internal Server Error"
    assert "secret-db" not in response.text
    assert "RuntimeError" not in response.text


def test_validation_problems_name_each_field(client, assert_problem):
    body = assert_problem(client.get("/api/v1/courses?page=x"), 422, "page")

    assert body["title"] == "Unprocessable Entity"
    message = "Pages are whole numbers from 1 to 1000."
    assert body["errors"] == [{"field": "page", "message": message}]
    assert body["detail"] == f"page: {message}"
