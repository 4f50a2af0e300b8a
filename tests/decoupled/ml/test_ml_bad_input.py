"""Every bad request gets an RFC 9457 problem naming what is wrong, never a stack trace."""

import pytest
from fastapi.testclient import TestClient

from decoupled.ml.deps import get_model

INTERESTS = "Describe your interests in 1 to 500 characters, not only spaces."
K = "k must be a whole number from 1 to 20."
LEVEL = "Level must be beginner, intermediate or advanced."


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"interests": ""}, "interests", INTERESTS),
        ({"interests": "   "}, "interests", INTERESTS),
        ({"interests": "x" * 501}, "interests", INTERESTS),
        ({}, "interests", INTERESTS),
        ({"interests": 42}, "interests", INTERESTS),
        ({"interests": "sql", "k": 0}, "k", K),
        ({"interests": "sql", "k": 21}, "k", K),
        ({"interests": "sql", "k": "abc"}, "k", K),
        ({"interests": "sql", "k": "5"}, "k", K),
        ({"interests": "sql", "k": 2.5}, "k", K),
        ({"interests": "sql", "k": True}, "k", K),
        ({"interests": "sql", "level": "expert"}, "level", LEVEL),
        ({"interests": "sql", "level": "Beginner"}, "level", LEVEL),
    ],
)
def test_a_bad_recommendation_request_is_a_422_naming_the_field(
    client, assert_problem, body, field, message
):
    body = assert_problem(client.post("/v1/recommendations", json=body), 422, field)

    assert body["title"] == "Unprocessable Entity"
    assert body["errors"] == [{"field": field, "message": message}]


def test_500_characters_of_interests_are_accepted(client):
    response = client.post("/v1/recommendations", json={"interests": "python " * 71 + "sql"})

    assert response.status_code == 200


@pytest.mark.parametrize("content", [b"not json", b"[1, 2]", b""])
def test_a_body_that_is_not_a_json_object_is_a_422(client, assert_problem, content):
    response = client.post(
        "/v1/recommendations", content=content, headers={"Content-Type": "application/json"}
    )

    assert_problem(response, 422)


def test_a_body_that_is_not_even_text_is_a_400_problem(client, assert_problem):
    response = client.post(
        "/v1/recommendations", content=b"Y\xe9", headers={"Content-Type": "application/json"}
    )

    assert_problem(response, 400)


@pytest.mark.parametrize("k", ["0", "21", "abc", "-1", ""])
def test_a_bad_k_for_similar_courses_is_a_422(client, assert_problem, k):
    response = client.get("/v1/courses/docker-for-absolute-beginners/similar", params={"k": k})

    body = assert_problem(response, 422, "k")
    assert body["errors"][0]["message"] == K


def test_similar_courses_of_an_unknown_course_is_a_404_problem(client, assert_problem):
    body = assert_problem(client.get("/v1/courses/underwater-basket-weaving/similar"), 404)

    assert body["detail"] == "No course with slug 'underwater-basket-weaving'."


@pytest.mark.parametrize("url", ["/nope", "/v1/nope", "/v2/recommendations", "/v1/courses"])
def test_an_unknown_address_is_a_404_problem(client, assert_problem, url):
    body = assert_problem(client.get(url), 404)

    assert body["detail"] == "There is nothing at this address."


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("GET", "/v1/recommendations", "POST"),
        ("PUT", "/v1/recommendations", "POST"),
        ("POST", "/v1/model", "GET"),
        ("DELETE", "/v1/courses/docker-for-absolute-beginners/similar", "GET"),
        ("POST", "/healthz", "GET"),
    ],
)
def test_a_wrong_method_is_a_405_problem_saying_what_is_allowed(
    client, assert_problem, method, url, allowed
):
    response = client.request(method, url)

    assert_problem(response, 405)
    assert response.headers["allow"] == allowed


def test_a_crash_is_a_500_problem_without_a_stack_trace(make_app, assert_problem):
    class BrokenModel:
        name = "content"

        def recommend(self, *args: object) -> None:
            raise RuntimeError("model weights at /secret/path are corrupt")

    app = make_app()
    app.dependency_overrides[get_model] = BrokenModel
    with TestClient(app, raise_server_exceptions=False) as crashing:
        response = crashing.post("/v1/recommendations", json={"interests": "sql"})

    body = assert_problem(response, 500)
    assert body["detail"] == "Something went wrong on our side. It has been logged."
    assert "secret" not in response.text and "RuntimeError" not in response.text
