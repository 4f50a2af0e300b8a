"""CORS: the browser frontend's origins may call the API; no other origin may."""

import pytest
from fastapi.testclient import TestClient

from decoupled.backend.main import create_app

ALLOWED = ["http://localhost:3000", "http://127.0.0.1:3000"]
OTHERS = ["http://evil.example", "http://localhost:3001", "https://localhost:3000", "null"]


def preflight(client, origin, method="POST", headers="content-type"):
    return client.options(
        "/api/v1/courses/some-course/enrollments",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers,
        },
    )


@pytest.mark.parametrize("origin", ALLOWED)
def test_preflight_from_the_frontend_is_allowed(client, origin):
    response = preflight(client, origin)

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "content-type" in response.headers["access-control-allow-headers"].lower()


def test_preflight_may_ask_to_send_an_api_key(client):
    response = preflight(client, ALLOWED[0], method="GET", headers="x-api-key")

    assert response.status_code == 200
    assert "x-api-key" in response.headers["access-control-allow-headers"].lower()


@pytest.mark.parametrize("origin", OTHERS)
def test_preflight_from_another_origin_is_refused(client, origin):
    response = preflight(client, origin)

    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("origin", ALLOWED)
def test_the_frontend_can_read_answers_and_their_headers(client, origin):
    response = client.get("/api/v1/courses", headers={"Origin": origin})

    assert response.headers["access-control-allow-origin"] == origin
    exposed = response.headers["access-control-expose-headers"].lower()
    for header in ("deprecation", "retry-after", "ratelimit-limit", "ratelimit-remaining"):
        assert header in exposed


def test_a_page_on_another_origin_cannot_read_answers(client):
    response = client.get("/api/v1/courses", headers={"Origin": "http://evil.example"})

    assert response.status_code == 200  # the server answers; the browser hides it
    assert "access-control-allow-origin" not in response.headers


def test_the_allowed_origins_are_configurable(make_settings):
    app = create_app(make_settings(cors_origins=["https://coursehub.example"]))
    with TestClient(app) as client:
        assert preflight(client, "https://coursehub.example").status_code == 200
        assert preflight(client, ALLOWED[0]).status_code == 400
