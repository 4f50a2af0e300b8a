"""The OpenAPI document: every route, every status it can return, examples, the key scheme."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

VERSIONED_ROUTES = {
    ("get", "/courses"): {"200", "422", "429", "500"},
    ("get", "/courses/{slug}"): {"200", "404", "500"},
    ("get", "/categories"): {"200", "500"},
    ("post", "/courses/{slug}/enrollments"): {"201", "400", "404", "422", "429", "500"},
    ("get", "/partner/courses"): {"200", "401", "422", "429", "500"},
    ("get", "/partner/stats"): {"200", "401", "429", "500"},
}
# Both versions of the contract have every route; only the shape of a price differs.
# Any route may refuse a request too large: its body (413), query string (414) or headers (431).
TOO_LARGE = {"413", "414", "431"}
ROUTES = {
    (method, f"/api/{version}{path}"): statuses | TOO_LARGE
    for version in ("v1", "v2")
    for (method, path), statuses in VERSIONED_ROUTES.items()
} | {("get", "/healthz"): {"200", "500"} | TOO_LARGE}


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
    declared = {route: set(op["responses"]) for route, op in operations(document)}

    assert declared == ROUTES


def test_every_route_has_a_summary_and_a_described_tag(document):
    tags = {tag["name"] for tag in document["tags"] if tag["description"]}
    for route, operation in operations(document):
        assert operation["summary"], route
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


def test_partner_routes_use_the_api_key_scheme_so_authorize_works(document):
    assert document["components"]["securitySchemes"]["PartnerKey"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": "The key from `make partner-key NAME=...`.",
    }
    for (_, path), operation in operations(document):
        expected = [{"PartnerKey": []}] if "/partner/" in path else None
        assert operation.get("security") == expected, path


def test_rate_limit_challenge_and_cache_headers_are_declared(document):
    feed = document["paths"]["/api/v1/partner/courses"]["get"]["responses"]
    assert {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= set(
        feed["200"]["headers"]
    )
    assert "Retry-After" in feed["429"]["headers"]
    assert "WWW-Authenticate" in feed["401"]["headers"]
    created = document["paths"]["/api/v1/courses/{slug}/enrollments"]["post"]["responses"]["201"]
    assert created["headers"]["Cache-Control"]["schema"]["enum"] == ["no-store"]
    # No Location: there is no address to read an enrolment back from.
    assert "Location" not in created["headers"]


def test_every_answer_documents_nosniff(document):
    for route, operation in operations(document):
        for status, response in operation["responses"].items():
            header = response["headers"]["X-Content-Type-Options"]
            assert header["schema"]["enum"] == ["nosniff"], (route, status)


def test_the_category_filter_offers_the_catalog_categories(document, courses):
    search = document["paths"]["/api/v1/courses"]["get"]
    category = next(p for p in search["parameters"] if p["name"] == "category")

    assert category["schema"]["enum"] == sorted({c["category"]["slug"] for c in courses})


def test_public_schemas_have_no_private_fields(document):
    schemas = document["components"]["schemas"]
    public = ["CourseOut", "CoursePage", "CategoryOut", "PartnerCourse", "PartnerStats"]
    for name in [*public, "CourseStats", "PartnerFeed"]:
        text = str(schemas[name]).lower()
        assert "email" not in text and "hash" not in text and "cents" not in text, name


def test_docs_page_is_served(client):
    response = client.get("/docs")

    assert response.status_code == 200
    assert "swagger" in response.text.lower()


def test_version_1_is_marked_deprecated_and_version_2_is_not(document):
    for (_method, path), operation in operations(document):
        assert operation.get("deprecated", False) is path.startswith("/api/v1/"), path


def test_version_1_answers_document_the_deprecation_headers(document):
    for (_method, path), operation in operations(document):
        if path.startswith("/api/v1/"):
            for status, response in operation["responses"].items():
                assert {"Deprecation", "Sunset", "Link"} <= set(response["headers"]), (path, status)


def test_a_course_price_is_a_number_in_v1_and_an_amount_with_a_currency_in_v2(document):
    schemas = document["components"]["schemas"]
    assert schemas["CourseOut"]["properties"]["price"]["type"] == "number"
    assert schemas["CourseOutV2"]["properties"]["price"] == {"$ref": "#/components/schemas/Money"}
    assert set(schemas["Money"]["required"]) == {"amount"}
    assert set(schemas["Money"]["properties"]) == {"amount", "currency"}


def test_the_email_is_described_by_what_the_api_accepts_not_by_format_email(document):
    email = document["components"]["schemas"]["EnrollmentIn"]["properties"]["email"]

    # `format: email` allows x@y.test, which the API refuses (email-validator's rules).
    assert "format" not in email
    assert email["maxLength"] == 254
    assert re.search(email["pattern"], "Grace@Example.com")
    for refused in ("ada@example.test", "ada@mail.LOCAL", "ada@x.onion", "a..b@example.com"):
        assert not re.search(email["pattern"], refused), refused


def test_every_email_the_document_allows_is_accepted(client, document):
    email = document["components"]["schemas"]["EnrollmentIn"]["properties"]["email"]
    course = "/api/v2/courses/build-ai-agents-with-python-from-zero-to-your-first-agent"
    addresses = st.from_regex(email["pattern"]).filter(lambda text: len(text) <= 254)

    @settings(max_examples=300, derandomize=True, database=None, deadline=None)
    @given(addresses)
    def enrol(address: str) -> None:
        response = client.post(f"{course}/enrollments", json={"name": "Ada", "email": address})
        assert response.status_code == 201, (address, response.text)

    enrol()
