"""The API's description of itself: the OpenAPI document served at /openapi.json and /docs.

What this teaches: in the decoupled architecture the contract is the product. Other teams
(our frontend, a mobile app, partners) build against this document, so it lists every
status each route can return, with an example, and says what every field means.
FastAPI writes most of it from the code; this module adds the words, the operation ids a
generated client names its methods by (`operation_id`), and a few finishing touches (see
`build_openapi`).
"""

import re
from http import HTTPStatus
from typing import Any, NamedTuple

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from decoupled.backend.headers import API_KEY_CHALLENGE, NOSNIFF
from decoupled.backend.limits import BODY_TOO_LARGE, HEADERS_TOO_LARGE, QUERY_TOO_LONG
from decoupled.backend.params import SearchParams
from decoupled.backend.problems import DETAILS, PROBLEM_JSON, summary
from decoupled.backend.schemas import Problem

DESCRIPTION = """
The catalog of **CourseHub**, a course marketplace, as a JSON API.

* Everything is under `/api/v2`. A change that could break a client gets a new version.
* `/api/v1` is **deprecated** and stops answering at its sunset (the `Sunset` header of each of
  its answers gives the date). It differs from v2 in one field: a course's `price` is a number of
  US dollars (`84.99`) in v1, and `{"amount": "84.99", "currency": "USD"}` in v2.
* Lists are paged (`page`, `per_page` up to 100) and always in a stable order.
* A request may hold at most 16 KB of body (413 beyond), 16 KB of query string (414)
  and 8 KB of headers (431).
* Every error is `application/problem+json` (RFC 9457): `type`, `title`, `status` and `detail`;
  invalid input adds `errors`, one entry per field. A method an address does not take is a 405.
* Partner routes need an `X-API-Key` header (press **Authorize**). Each key is rate limited;
  so are searches and enrollments, per client address. The `RateLimit-*` headers say how much
  is left, and a 429 says when to retry.
"""

TAGS = [
    {"name": "courses", "description": "Search the catalog and read one course."},
    {"name": "categories", "description": "The categories, with how many courses each has."},
    {"name": "enrollments", "description": "Sign up for a course. Emails are never shown."},
    {"name": "partner", "description": "For third parties with an API key: a sync feed and stats."},
    {"name": "health", "description": "Is the API up? For load balancers and `make` targets."},
]

EXAMPLE_DETAILS = {
    **DETAILS,
    400: "There was an error parsing the body",
    401: "A valid X-API-Key header is required.",
    404: "No course with slug 'underwater-basket-weaving'.",
    413: BODY_TOO_LARGE,
    414: QUERY_TOO_LONG,
    429: "Rate limit of 60 per 1 minute exceeded. Retry in 12 seconds.",
    431: HEADERS_TOO_LARGE,
}


def _example(status: int, field_error: tuple[str, str]) -> dict[str, Any]:
    example: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": EXAMPLE_DETAILS.get(status, ""),
    }
    if status == 422:
        example["errors"] = [{"field": field_error[0], "message": field_error[1]}]
        example["detail"] = summary(example["errors"])
    return example


PAGE_ERROR = ("page", "Pages are whole numbers from 1 to 1000.")


def _int_header(description: str) -> dict[str, Any]:
    return {"description": description, "schema": {"type": "integer", "minimum": 0}}


RATE_LIMIT_HEADERS = {
    "RateLimit-Limit": _int_header("Requests this key or address may make per window."),
    "RateLimit-Remaining": _int_header("Requests left in the current window."),
    "RateLimit-Reset": _int_header("Seconds until the window has room again."),
}
RETRY_AFTER_HEADER = {"Retry-After": _int_header("Seconds to wait before trying again.")}
ALLOW_HEADER = {
    "Allow": {
        "description": "The methods this address does take.",
        "schema": {"type": "string", "examples": ["GET"]},
    }
}


def problem_responses(
    *statuses: int, field_error: tuple[str, str] = PAGE_ERROR
) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entries declaring that a route can answer with these problems."""
    responses: dict[int | str, dict[str, Any]] = {
        status: {
            "model": Problem,
            "content": {PROBLEM_JSON: {"example": _example(status, field_error)}},
        }
        for status in statuses
    }
    if 429 in responses:  # a rate limit says how long to wait
        responses[429]["headers"] = RATE_LIMIT_HEADERS | RETRY_AFTER_HEADER
    if 405 in responses:  # a wrong method, which ones are right
        responses[405]["headers"] = ALLOW_HEADER
    return responses


DEPRECATION_HEADERS = {
    "Deprecation": {
        "description": "Since when this version is deprecated, as `@` and a Unix time (RFC 9745).",
        "schema": {"type": "string", "examples": ["@1796083200"]},
    },
    "Sunset": {
        "description": "After this date this version stops answering (RFC 8594).",
        "schema": {"type": "string", "examples": ["Wed, 30 Jun 2027 00:00:00 GMT"]},
    },
    "Link": {
        "description": 'The same address in the new version: rel="successor-version".',
        "schema": {"type": "string"},
    },
}

NOSNIFF_HEADER = {
    name: {
        "description": "Every answer: browsers must take the Content-Type as sent.",
        "schema": {"type": "string", "enum": [value]},
    }
    for name, value in NOSNIFF.items()
}
CHALLENGE_HEADER = {
    name: {
        "description": "The credential the route wants: an API key, in the X-API-Key header.",
        "schema": {"type": "string", "examples": [value]},
    }
    for name, value in API_KEY_CHALLENGE.items()
}

PARTNER_RESPONSES = problem_responses(401, 429)
PARTNER_RESPONSES[401]["headers"] = CHALLENGE_HEADER


class Link(NamedTuple):
    """Where an answer leads: an OpenAPI link, from a route's 200 to the next request a client
    can make with values taken from that answer (JSON pointers into its body). /docs lists them
    under each answer, and schemathesis's stateful phase follows them (`make fuzz`): it searches,
    then reads or enrolls in a course it found, rather than guessing slugs."""

    method: str
    path: str  # within the version: each version's routes lead to the same version's
    parameters: dict[str, str]  # "where.name": "$response.body#/pointer"
    description: str


FIRST_ITEM = {"path.slug": "$response.body#/items/0/slug"}
READ, ENROLL = "/courses/{slug}", "/courses/{slug}/enrollments"
LINKS: dict[tuple[str, str], dict[str, Link]] = {
    ("get", "/courses"): {
        "ReadTheFirstCourse": Link("get", READ, FIRST_ITEM, "The first course found."),
        "EnrollInTheFirstCourse": Link("post", ENROLL, FIRST_ITEM, "Enroll in the first one."),
    },
    ("get", READ): {
        "EnrollInThisCourse": Link(
            "post", ENROLL, {"path.slug": "$response.body#/slug"}, "Enroll in this course."
        ),
    },
    ("get", "/categories"): {
        "SearchTheFirstCategory": Link(
            "get",
            "/courses",
            {"query.category": "$response.body#/0/slug"},
            "The courses of the first category.",
        ),
    },
    ("get", "/partner/courses"): {
        "ReadTheNextPage": Link(
            "get",
            "/partner/courses",
            {"query.cursor": "$response.body#/next_cursor"},
            "The next page (while `next_cursor` is not null).",
        ),
        "ReadTheFirstCourse": Link("get", READ, FIRST_ITEM, "The page's first course."),
    },
    ("get", "/partner/stats"): {
        "ReadTheMostEnrolledCourse": Link(
            "get",
            READ,
            {"path.slug": "$response.body#/by_course/0/slug"},
            "The course with the most enrollments.",
        ),
    },
}
VERSION_PREFIX = re.compile(r"^/api/v\d+")


def operation_id(route: APIRoute) -> str:
    """The route's `operationId`, which a generated client names its method by: the version
    and the route's name, `v1_search_courses`, `v2_read_course`; `healthz` has no version.

    FastAPI's own would be `search_api_v1_courses_get`. The version keeps the ids unique, as
    both versions serve the same functions (main.py); `name=` on a route overrides a function
    name that would say too little (`search`)."""
    version = VERSION_PREFIX.match(route.path)
    return f"{version.group().removeprefix('/api/')}_{route.name}" if version else route.name


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with seven finishing touches (computed once, then cached)."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    for address, path in schema["paths"].items():
        for operation in path.values():
            responses = operation["responses"]
            # 5. Every answer of the deprecated version says so in its headers.
            if address.startswith("/api/v1/"):
                for response in responses.values():
                    response["headers"] = response.get("headers", {}) | DEPRECATION_HEADERS
            # 1. FastAPI adds a 422 in its own format to every route with a parameter. Routes
            # that can reject input declare ours; the others (a plain string path) cannot.
            if _is_fastapis_422(responses.get("422", {})):
                del responses["422"]
            for status, response in responses.items():
                # 6. Every answer says nosniff (headers.py).
                response["headers"] = response.get("headers", {}) | NOSNIFF_HEADER
                content = response.get("content", {})
                # 2. FastAPI files every `model` under application/json; errors are problem+json.
                if int(status) >= 400 and "application/json" in content:
                    content[PROBLEM_JSON] = content.pop("application/json") | content[PROBLEM_JSON]
            for parameter in operation.get("parameters", []):
                # 3. The search takes an empty value as absent (`?level=` from an HTML form).
                if parameter["name"] in SearchParams.model_fields:
                    parameter["allowEmptyValue"] = True
    # 4. FastAPI's 422 format is gone from every route, so its schemas go too.
    for unused in ("HTTPValidationError", "ValidationError"):
        schema["components"]["schemas"].pop(unused, None)
    _add_links(schema["paths"])  # 7. Where each answer leads (LINKS).
    app.openapi_schema = schema
    return schema


def _add_links(paths: dict[str, Any]) -> None:
    for address, path in paths.items():
        version = VERSION_PREFIX.match(address)
        prefix = version.group() if version else ""
        for method, operation in path.items():
            for name, link in LINKS.get((method, address.removeprefix(prefix)), {}).items():
                operation["responses"]["200"].setdefault("links", {})[name] = {
                    "operationId": paths[prefix + link.path][link.method]["operationId"],
                    "parameters": link.parameters,
                    "description": link.description,
                }


def _is_fastapis_422(response: dict[str, Any]) -> bool:
    """FastAPI's own 422, not ours: its body is an `HTTPValidationError`, as JSON."""
    body = response.get("content", {}).get("application/json", {})
    return body.get("schema") == {"$ref": "#/components/schemas/HTTPValidationError"}
