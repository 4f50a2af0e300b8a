"""Every error the ML service returns, in one shape: RFC 9457 "problem details".

What this teaches: the same contract habit as the catalog API (copied, not imported: the
two services share no code). Whatever goes wrong (an unknown address or course, a bad
field, a bug), the answer is `application/problem+json` with `type`, `title`, `status`
and `detail`, plus an `errors` list naming each bad field. A crash never shows a stack
trace: the details go to the server log, the client gets a plain 500.
"""

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

DETAILS = {
    404: "There is nothing at this address.",
    405: "This address does not accept that method.",
    422: "Some fields are invalid: see `errors`.",
    500: "Something went wrong on our side. It has been logged.",
}

# Plainer words than pydantic's, whatever is wrong with the field.
FIELD_MESSAGES = {
    "interests": "Describe your interests in 1 to 500 characters, not only spaces.",
    "level": "Level must be beginner, intermediate or advanced.",
    "k": "k must be a whole number from 1 to 20.",
}


class ProblemError(Exception):
    """Raise this from a route to answer with a problem."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


def problem_response(
    status: int,
    detail: str | None = None,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, object] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail or DETAILS.get(status, HTTPStatus(status).description),
    }
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _field_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    errors = []
    for error in exc.errors():
        # loc is ("query", "k") or ("body", "interests"); a body that is not JSON is ("body", 3)
        location = [str(part) for part in error["loc"][1:] if isinstance(part, str)]
        field = ".".join(location) or str(error["loc"][0])
        errors.append({"field": field, "message": FIELD_MESSAGES.get(field, error["msg"])})
    return errors


async def _on_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(exc.status, exc.detail)


async def _on_http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if exc.detail != HTTPStatus(exc.status_code).phrase else None
    return problem_response(exc.status_code, detail, headers=exc.headers)


async def _on_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return problem_response(422, errors=_field_errors(exc))


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
