"""The ML service through `MLClient`: recommendations, similar courses, and its failures.

Against a real ML service (uvicorn, models trained for this session). The catalog API is a
different service with a different client: when the ML service is down, `MLClient` says so
and the catalog `Client` works as before.
"""

import pytest
import requests

from decoupled.client import (
    ApiError,
    ApiUnavailable,
    Client,
    MLClient,
    NotFound,
    Recommendation,
    ValidationFailed,
)
from tests.decoupled.client.servers import AGENTS_COURSE, AGENTS_SLUG, ApiServer
from tests.support.scripted_server import ScriptedServer, problem

INTERESTS_MESSAGE = "Describe your interests in 1 to 500 characters, not only spaces."


def test_recommend_for_building_ai_agents_lists_the_agents_courses_best_first(
    ml: str, ml_client: MLClient
) -> None:
    found = ml_client.recommend("I want to build AI agents")

    assert len(found) == 5
    assert all(isinstance(course, Recommendation) for course in found)
    assert all("AI Agents" in course.title for course in found), [c.title for c in found]
    assert AGENTS_COURSE in [course.title for course in found[:2]]
    scores = [course.score for course in found]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    # Exactly what the service sent, as typed objects.
    with requests.Session() as session:
        session.trust_env = False
        body = {"interests": "I want to build AI agents"}
        raw = session.post(f"{ml}/v1/recommendations", json=body, timeout=5)
    assert [Recommendation.from_json(item) for item in raw.json()["items"]] == found


def test_a_level_keeps_only_courses_at_that_level_and_k_sets_how_many(
    ml_client: MLClient,
) -> None:
    beginner = ml_client.recommend("python programming", level="beginner", k=8)

    assert len(beginner) == 8
    assert {course.level for course in beginner} == {"beginner"}
    assert len(ml_client.recommend("python programming", k=1)) == 1
    assert len(ml_client.recommend("python programming", k=20)) == 20


def test_similar_lists_other_ai_agents_and_llm_courses(ml_client: MLClient) -> None:
    found = ml_client.similar(AGENTS_SLUG, k=4)

    assert len(found) == 4
    assert AGENTS_SLUG not in [course.slug for course in found]
    for course in found:
        assert any(word in course.title for word in ("Agent", "LLM", "AI")), course.title
    assert [course.slug for course in ml_client.similar(AGENTS_SLUG)][:4] == [
        course.slug for course in found
    ]


def test_a_recommended_course_is_the_same_course_in_the_catalog(
    ml_client: MLClient, client: Client
) -> None:
    # Two services, one product: the model's slugs open the catalog's courses.
    for recommended in ml_client.recommend("I want to build AI agents", k=3):
        course = client.course(recommended.slug)
        assert (course.title, course.level, course.category.name) == (
            recommended.title,
            recommended.level,
            recommended.category,
        )


def test_similar_for_a_course_the_model_does_not_know_raises_not_found(
    ml_client: MLClient,
) -> None:
    with pytest.raises(NotFound) as caught:
        ml_client.similar("underwater-basket-weaving")

    assert (caught.value.status, caught.value.title) == (404, "Not Found")
    assert caught.value.detail == "No course with slug 'underwater-basket-weaving'."


def test_interests_too_long_and_k_out_of_range_name_each_field(ml_client: MLClient) -> None:
    with pytest.raises(ValidationFailed) as caught:
        ml_client.recommend("a" * 501, k=21)

    assert caught.value.status == 422
    assert caught.value.field_errors == {
        "interests": INTERESTS_MESSAGE,
        "k": "k must be a whole number from 1 to 20.",
    }


def test_blank_interests_are_refused_by_the_service(ml_client: MLClient) -> None:
    with pytest.raises(ValidationFailed) as caught:
        ml_client.recommend("   ")

    assert caught.value.field_errors == {"interests": INTERESTS_MESSAGE}


def test_with_the_ml_service_down_it_says_so_and_the_catalog_still_answers(
    unused_address: str, api: ApiServer
) -> None:
    with MLClient(unused_address) as ml, pytest.raises(ApiUnavailable) as caught:
        ml.recommend("I want to build AI agents")

    assert str(caught.value) == (
        f"Cannot reach the ML service at {unused_address}. Is it running? (make ml)"
    )
    with Client(api.url) as catalog:
        assert catalog.search("ai agents").items[0].title == AGENTS_COURSE


def test_an_address_that_answers_html_is_not_mistaken_for_the_ml_service(
    scripted: ScriptedServer,
) -> None:
    # e.g. --ml pointing at the browser frontend's port
    scripted.script = [(200, {"Content-Type": "text/html"}, "<h1>CourseHub</h1>")]

    with MLClient(scripted.url) as ml, pytest.raises(ApiUnavailable) as caught:
        ml.similar(AGENTS_SLUG)

    assert str(caught.value) == f"{scripted.url} answered, but not with JSON: is it the ML service?"


def test_a_failing_ml_service_is_an_api_error_with_its_problem(scripted: ScriptedServer) -> None:
    detail = "Something went wrong on our side. It has been logged."
    scripted.script = [problem(500, "Internal Server Error", detail)]

    with MLClient(scripted.url + "/v1/") as ml, pytest.raises(ApiError) as caught:
        ml.recommend("I want to build AI agents")

    assert (caught.value.status, caught.value.detail) == (500, detail)
    # An address copied with "/v1/" on the end is understood: one /v1 in the path.
    assert scripted.received[0][:2] == ("POST", "/v1/recommendations")
    assert repr(ml) == f"MLClient({scripted.url!r})"
