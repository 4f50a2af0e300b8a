"""Errors of the monolith's partner API, as RFC 9457 problem details.

What this teaches: an API's errors are part of its contract. The HTML pages answer errors with
a page for people (`monolith/errors.py`); under `/api/` the same failures answer
`application/problem+json` (`type`, `title`, `status`, `detail`, and `errors` naming each bad
field), word for word what the catalog API says, so a partner's code handles both alike.
"""

from collections.abc import Mapping
from http import HTTPStatus

from flask import Flask, Response, current_app, jsonify, request

PROBLEM_JSON = "application/problem+json"

# The same sentences as the catalog API's, for the same failures.
DETAILS = {
    404: "There is nothing at this address.",
    405: "This address does not accept that method.",
    500: "Something went wrong on our side. It has been logged.",
}


class ProblemError(Exception):
    """Raise this from a partner API view to answer with a problem."""

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


def is_api_request() -> bool:
    """True when the monolith serves its API and this request is for it."""
    return bool(current_app.config.get("API")) and request.path.startswith("/api/")


def problem(
    status: int,
    detail: str | None = None,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body: dict[str, object] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail or DETAILS.get(status, HTTPStatus(status).description),
    }
    if errors is not None:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.content_type = PROBLEM_JSON
    response.headers.update(headers or {})
    return response


def _on_problem(error: ProblemError) -> Response:
    return problem(error.status, error.detail, errors=error.errors, headers=error.headers)


def init_app(app: Flask) -> None:
    app.register_error_handler(ProblemError, _on_problem)
