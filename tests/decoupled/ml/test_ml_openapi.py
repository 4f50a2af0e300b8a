"""The OpenAPI document: every route, every status it can return, with examples; the same
document whichever model is served."""

import pytest
from fastapi.testclient import TestClient

# Every route can also refuse a method it does not take (405), a request too large (413, 414,
# 431), or fail (500).
EVERY_ROUTE = {"405", "413", "414", "431", "500"}
ROUTES = {
    ("post", "/v1/recommendations"): {"200", "400", "422"} | EVERY_ROUTE,
    ("get", "/v1/courses/{slug}/similar"): {"200", "404", "422"} | EVERY_ROUTE,
    ("get", "/v1/model"): {"200"} | EVERY_ROUTE,
    ("get", "/healthz"): {"200"} | EVERY_ROUTE,
}


@pytest.fixture
def document(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield (method, path), operation


def test_the_document_lists_exactly_the_routes_and_their_statuses(document):
    assert {route: set(op["responses"]) for route, op in operations(document)} == ROUTES


def test_every_operation_has_a_readable_id_with_its_version(document):
    assert {route: op["operationId"] for route, op in operations(document)} == {
        ("post", "/v1/recommendations"): "v1_recommend_courses",
        ("get", "/v1/courses/{slug}/similar"): "v1_similar_courses",
        ("get", "/v1/model"): "v1_read_model",
        ("get", "/healthz"): "healthz",
    }


def test_level_is_one_schema_that_the_request_and_every_course_refer_to(document):
    schemas = document["components"]["schemas"]
    level = {"$ref": "#/components/schemas/Level"}

    assert schemas["Level"]["enum"] == ["beginner", "intermediate", "advanced"]
    assert schemas["RecommendedCourse"]["properties"]["level"] == level
    assert level in schemas["RecommendationRequest"]["properties"]["level"]["anyOf"]
    assert str(document).count("'intermediate'") == 1  # written out once, in `Level`


def test_every_operation_documents_a_405_saying_which_methods_are_allowed(document):
    for route, operation in operations(document):
        assert "Allow" in operation["responses"]["405"]["headers"], route


def test_every_route_has_a_summary_a_description_and_a_described_tag(document):
    tags = {tag["name"] for tag in document["tags"] if tag["description"]}
    for route, operation in operations(document):
        assert operation["summary"] and operation["description"], route
        assert set(operation["tags"]) <= tags, route


def test_every_error_is_a_problem_with_an_example(document):
    for route, operation in operations(document):
        for status, response in operation["responses"].items():
            if int(status) < 400:
                continue
            assert list(response["content"]) == ["application/problem+json"], (route, status)
            content = response["content"]["application/problem+json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Problem"}
            assert content["example"]["status"] == int(status)


def test_the_request_limits_are_in_the_document(document):
    request = document["components"]["schemas"]["RecommendationRequest"]
    interests, k = request["properties"]["interests"], request["properties"]["k"]

    assert request["required"] == ["interests"]
    assert (interests["minLength"], interests["maxLength"], interests["pattern"]) == (1, 500, r"\S")
    assert (k["minimum"], k["maximum"], k["default"]) == (1, 20, 5)
    assert request["examples"][0]["interests"] == "I want to build AI agents"


def test_swapping_the_model_changes_nothing_in_the_contract(make_app, document):
    with TestClient(make_app(model="popularity")) as client:
        assert client.get("/openapi.json").json() == document


def test_the_docs_page_is_served(client):
    response = client.get("/docs")

    assert response.status_code == 200
    assert "CourseHub ML service" in response.text
