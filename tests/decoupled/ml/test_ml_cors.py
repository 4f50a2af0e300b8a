"""CORS: the browser frontend's origins may call the ML service; no other origin may."""

import pytest
from fastapi.testclient import TestClient

from decoupled.ml.config import Settings

ALLOWED = ["http://localhost:3000", "http://127.0.0.1:3000"]
OTHERS = ["http://evil.example", "http://localhost:3001", "https://localhost:3000", "null"]


def preflight(client, origin):
    return client.options(
        "/v1/recommendations",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )


@pytest.mark.parametrize("origin", ALLOWED)
def test_the_frontend_may_post_its_interests(client, origin):
    response = preflight(client, origin)

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "content-type" in response.headers["access-control-allow-headers"].lower()


@pytest.mark.parametrize("origin", OTHERS)
def test_another_origin_is_refused(client, origin):
    response = preflight(client, origin)

    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("origin", ALLOWED)
def test_the_frontend_can_read_similar_courses(client, origin):
    url = "/v1/courses/docker-for-absolute-beginners/similar"
    response = client.get(url, headers={"Origin": origin})

    assert response.headers["access-control-allow-origin"] == origin


def test_a_page_on_another_origin_cannot_read_answers(client):
    response = client.get("/v1/model", headers={"Origin": "http://evil.example"})

    assert response.status_code == 200  # the server answers; the browser hides it
    assert "access-control-allow-origin" not in response.headers


def test_the_allowed_origins_are_configurable(make_app, monkeypatch):
    monkeypatch.setenv("CORS_ORIGINS", "https://coursehub.example, https://m.coursehub.example")

    with TestClient(make_app(cors_origins=Settings().cors_origins)) as client:
        assert preflight(client, "https://m.coursehub.example").status_code == 200
        assert preflight(client, ALLOWED[0]).status_code == 400
