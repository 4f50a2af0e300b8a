"""The ML service's description of itself, served at /openapi.json and /docs.

What this teaches: the contract is the product, for a model as for a database. Every route
lists each status it can return with an example, and the words say what the fields mean.
FastAPI writes most of it from the code; `operation_id` names each operation for generated
clients, and `build_openapi` adds three finishing touches.
"""

import re
from http import HTTPStatus
from typing import Any, NamedTuple

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from decoupled.ml.limits import BODY_TOO_LARGE, HEADERS_TOO_LARGE, URL_TOO_LONG
from decoupled.ml.problems import DETAILS, FIELD_MESSAGES, PROBLEM_JSON
from decoupled.ml.schemas import Problem

DESCRIPTION = """
Course recommendations for **CourseHub**, from a trained model: there is no database here.
The model is trained offline (`make train`) and loaded once when the service starts.

* `POST /v1/recommendations`: courses for interests in your own words.
* `GET /v1/courses/{slug}/similar`: courses like this one.
* `GET /v1/model`: which model answers (`MODEL=popularity` or `content`), and how it scored.

Both models honour the same contract, so a client never changes when the model does.
Every error is `application/problem+json` (RFC 9457); invalid input adds `errors`. A method
an address does not take is a 405.
"""

TAGS = [
    {"name": "recommendations", "description": "Courses ranked by the model, best first."},
    {"name": "model", "description": "What is behind the API: model, training data, figures."},
    {"name": "health", "description": "Is the service up, with a model loaded?"},
]

EXAMPLE_DETAILS = {
    **DETAILS,
    400: "There was an error parsing the body",
    404: "No course with slug 'underwater-basket-weaving'.",
    413: BODY_TOO_LARGE,
    414: URL_TOO_LONG,
    431: HEADERS_TOO_LARGE,
}


ALLOW_HEADER = {
    "Allow": {
        "description": "The methods this address does take.",
        "schema": {"type": "string", "examples": ["GET"]},
    }
}


def problem_responses(*statuses: int, field: str = "interests") -> dict[int | str, dict[str, Any]]:
    """The `responses=` entries declaring that a route can answer with these problems."""
    responses: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        example: dict[str, Any] = {
            "type": "about:blank",
            "title": HTTPStatus(status).phrase,
            "status": status,
            "detail": EXAMPLE_DETAILS[status],
        }
        if status == 422:
            example["errors"] = [{"field": field, "message": FIELD_MESSAGES[field]}]
        responses[status] = {"model": Problem, "content": {PROBLEM_JSON: {"example": example}}}
    if 405 in responses:  # a wrong method, which ones are right
        responses[405]["headers"] = ALLOW_HEADER
    return responses


class Link(NamedTuple):
    """Where an answer leads: an OpenAPI link, from a route's 200 to the next request a client
    can make with values taken from that answer (JSON pointers into its body). /docs lists them
    under each answer, and schemathesis's stateful phase follows them (`make fuzz`): it asks
    for courses like one just recommended, rather than guessing slugs."""

    method: str
    path: str
    parameters: dict[str, str]  # "where.name": "$response.body#/pointer"
    description: str


SIMILAR = "/v1/courses/{slug}/similar"
LIKE_THE_FIRST = Link(
    "get", SIMILAR, {"path.slug": "$response.body#/items/0/slug"}, "Courses like the first one."
)
LINKS: dict[tuple[str, str], dict[str, Link]] = {
    ("post", "/v1/recommendations"): {"SimilarToTheFirst": LIKE_THE_FIRST},
    ("get", SIMILAR): {"SimilarToTheFirst": LIKE_THE_FIRST},
}


VERSION_PREFIX = re.compile(r"^/v\d+/")


def operation_id(route: APIRoute) -> str:
    """The route's `operationId`, which a generated client names its method by: the version
    and the route's name, `v1_recommend_courses`; `healthz` has no version. FastAPI's own
    would be `recommend_v1_recommendations_post`."""
    version = VERSION_PREFIX.match(route.path)
    return f"{version.group().strip('/')}_{route.name}" if version else route.name


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with three finishing touches (computed once, then cached)."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    for path in schema["paths"].values():
        for operation in path.values():
            responses = operation["responses"]
            # 1. FastAPI adds a 422 in its own format to every route with a parameter; the
            # routes that can reject input declare ours.
            if _is_fastapis_422(responses.get("422", {})):
                del responses["422"]
            for status, response in responses.items():
                content = response.get("content", {})
                # 2. FastAPI files every `model` under application/json; errors are problem+json.
                if int(status) >= 400 and "application/json" in content:
                    content[PROBLEM_JSON] = content.pop("application/json") | content[PROBLEM_JSON]
    for unused in ("HTTPValidationError", "ValidationError"):
        schema["components"]["schemas"].pop(unused, None)
    _add_links(schema["paths"])  # 3. Where each answer leads (LINKS).
    app.openapi_schema = schema
    return schema


def _is_fastapis_422(response: dict[str, Any]) -> bool:
    """FastAPI's own 422, not ours: its body is an `HTTPValidationError`, as JSON."""
    body = response.get("content", {}).get("application/json", {})
    return body.get("schema") == {"$ref": "#/components/schemas/HTTPValidationError"}


def _add_links(paths: dict[str, Any]) -> None:
    for address, path in paths.items():
        for method, operation in path.items():
            for name, link in LINKS.get((method, address), {}).items():
                operation["responses"]["200"].setdefault("links", {})[name] = {
                    "operationId": paths[link.path][link.method]["operationId"],
                    "parameters": link.parameters,
                    "description": link.description,
                }
