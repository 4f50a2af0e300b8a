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
# Any route may refuse a method it does not take (405), or a request too large: its body
# (413), query string (414) or headers (431).
EVERY_ROUTE = {"405", "413", "414", "431"}
ROUTES = {
    (method, f"/api/{version}{path}"): statuses | EVERY_ROUTE
    for version in ("v1", "v2")
    for (method, path), statuses in VERSIONED_ROUTES.items()
} | {("get", "/healthz"): {"200", "500"} | EVERY_ROUTE}
# The names a generated client gives its methods: the version, then what the route does.
OPERATION_IDS = {
    ("get", "/courses"): "search_courses",
    ("get", "/courses/{slug}"): "read_course",
    ("get", "/categories"): "list_categories",
    ("post", "/courses/{slug}/enrollments"): "enroll_in_course",
    ("get", "/partner/courses"): "partner_course_feed",
    ("get", "/partner/stats"): "partner_stats",
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
    # No Location: there is no address to read an enrollment back from.
    assert "Location" not in created["headers"]


def test_every_answer_documents_nosniff(document):
    for route, operation in operations(document):
        for status, response in operation["responses"].items():
            header = response["headers"]["X-Content-Type-Options"]
            assert header["schema"]["enum"] == ["nosniff"], (route, status)


def test_every_operation_has_a_readable_id_with_its_version(document):
    expected = {
        (method, f"/api/{version}{path}"): f"{version}_{name}"
        for version in ("v1", "v2")
        for (method, path), name in OPERATION_IDS.items()
    } | {("get", "/healthz"): "healthz"}

    assert {route: op["operationId"] for route, op in operations(document)} == expected


def test_the_category_filter_is_any_slug_pointing_to_the_categories_route(document, courses):
    # The categories are data: a list of them in the document would change it, and make every
    # generated client stale, whenever a category is added.
    for version in ("v1", "v2"):
        search = document["paths"][f"/api/{version}/courses"]["get"]
        category = next(p for p in search["parameters"] if p["name"] == "category")

        assert "enum" not in str(category["schema"])
        assert "GET /categories" in category["description"]
        slugs = {course["category"]["slug"] for course in courses}
        assert set(category["schema"]["examples"]) <= slugs


def test_an_unknown_category_is_a_422_naming_it(client, assert_problem):
    response = client.get("/api/v2/courses", params={"category": "knitting"})

    body = assert_problem(response, 422, "category")
    assert body["errors"][0]["message"] == "Unknown category 'knitting'."


def test_level_is_one_schema_that_the_filter_and_every_course_refer_to(document):
    schemas = document["components"]["schemas"]
    level = {"$ref": "#/components/schemas/Level"}

    assert schemas["Level"]["enum"] == ["beginner", "intermediate", "advanced"]
    for name in ("CourseOut", "CourseOutV2", "PartnerCourse", "PartnerCourseV2"):
        assert schemas[name]["properties"]["level"] == level, name
    for version in ("v1", "v2"):
        search = document["paths"][f"/api/{version}/courses"]["get"]
        filter_ = next(p for p in search["parameters"] if p["name"] == "level")
        assert level in filter_["schema"]["anyOf"]
    assert str(document).count("'intermediate'") == 1  # written out once, in `Level`


def test_every_rate_limited_operation_documents_its_429(document):
    for version in ("v1", "v2"):
        for method, path in [
            ("get", "/courses"),
            ("post", "/courses/{slug}/enrollments"),
            ("get", "/partner/courses"),
            ("get", "/partner/stats"),
        ]:
            too_many = document["paths"][f"/api/{version}{path}"][method]["responses"]["429"]
            assert {"Retry-After", "RateLimit-Reset"} <= set(too_many["headers"]), path


def test_every_operation_documents_a_405_saying_which_methods_are_allowed(document):
    for route, operation in operations(document):
        not_allowed = operation["responses"]["405"]
        assert "Allow" in not_allowed["headers"], route
        assert not_allowed["content"]["application/problem+json"]["example"]["status"] == 405


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
    def enroll(address: str) -> None:
        response = client.post(f"{course}/enrollments", json={"name": "Ada", "email": address})
        assert response.status_code == 201, (address, response.text)

    enroll()
