"""Every error the API returns, in one shape: RFC 9457 "problem details".

What this teaches: a client should handle errors with one piece of code. Whatever goes
wrong (an unknown address, a bad field, a duplicate, a missing key, too many requests, a
bug), the answer is `application/problem+json` with `type`, `title`, `status` and `detail`,
and, for bad input, an `errors` list naming each field. A crash never shows a stack trace:
the details go to the server log, the client gets a plain 500.
"""

import logging
from collections.abc import Mapping
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from decoupled.backend.headers import NOSNIFF

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

# Starlette's own errors say only "Not Found"; these say it in a sentence.
DETAILS = {
    404: "There is nothing at this address.",
    405: "This address does not accept that method.",
    500: "Something went wrong on our side. It has been logged.",
}

# Friendlier words than pydantic's for the search fields, whatever is wrong with them...
FIELD_MESSAGES = {
    "level": "Level must be beginner, intermediate or advanced.",
    "sort": "Sort must be one of: relevance, rating, newest, price_asc, price_desc.",
    "max_price": "Enter a price from 0 to 10000.",
    "min_rating": "Enter a rating from 0 to 5.",
    "page": "Pages are whole numbers from 1 to 1000.",
    "per_page": "per_page goes from 1 to 100.",
}
# ...and the messages both twins (API and monolith) must say word for word (tests/parity/).
MESSAGES = {
    ("q", "string_too_long"): "Search text must be at most 200 characters.",
    ("name", "missing"): "Name is required.",
    ("name", "string_too_short"): "Name is required.",
    ("name", "string_too_long"): "Name must be at most 100 characters.",
    ("email", "missing"): "Email is required.",
    ("email", "string_too_short"): "Email is required.",
    ("email", "string_too_long"): "Email must be at most 254 characters.",
}


class ProblemError(Exception):
    """Raise this from a route or dependency to answer with a problem."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: list[dict[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors, self.headers = status, detail, errors, headers


def summary(errors: list[dict[str, str]]) -> str:
    """One sentence for people, e.g. "page: Pages are whole numbers from 1 to 1000." """
    return " ".join(f"{error['field']}: {error['message']}" for error in errors)


def invalid_field(field: str, message: str) -> ProblemError:
    """A 422 about one field, for rules pydantic cannot check alone (does this category
    exist?)."""
    errors = [{"field": field, "message": message}]
    return ProblemError(422, summary(errors), errors=errors)


def problem_response(
    status: int,
    detail: str | None = None,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, object] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail or DETAILS.get(status, HTTPStatus(status).description),
    }
    if errors is not None:
        body["errors"] = errors
    # nosniff here too: a crash's 500 is sent from outside the middleware that adds it.
    headers = {**NOSNIFF, **(headers or {})}
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _field_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    errors = []
    for error in exc.errors():
        # loc is ("query", "page") or ("body", "email"); a body that is not JSON is ("body", 3)
        location = [str(part) for part in error["loc"][1:] if isinstance(part, str)]
        field = ".".join(location) or str(error["loc"][0])
        message = MESSAGES.get((field, error["type"])) or FIELD_MESSAGES.get(field, error["msg"])
        errors.append({"field": field, "message": message})
    return errors


async def _on_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(exc.status, exc.detail, errors=exc.errors, headers=exc.headers)


async def _on_http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if exc.detail != HTTPStatus(exc.status_code).phrase else None
    return problem_response(exc.status_code, detail, headers=exc.headers)


async def _on_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _field_errors(exc)
    return problem_response(422, summary(errors), errors=errors)


async def _on_crash(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(500)


def add_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    # Starlette's HTTPException, not FastAPI's subclass: it also catches unknown routes (404)
    # and wrong methods (405), which the router raises before any route runs.
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(Exception, _on_crash)
