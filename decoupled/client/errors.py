"""What can go wrong when calling the API, as exceptions a program can catch.

What this teaches: the catalog API answers every error in one shape, RFC 9457 "problem
details" (`application/problem+json`: type, title, status, detail, and for bad input an
`errors` list naming each field). Because the shape is always the same, one function here
turns any of them into an exception, and the caller picks what it cares about:

    try:
        api.enroll(slug, name, email)
    except NotFound:
        ...  # say "there is no such course"
    except ValidationFailed as error:
        ...  # show error.field_errors["email"] next to the email field

Not reaching the API at all is a different kind of failure, `ApiUnavailable`: there is no
answer to read, only a network error to explain. And an answer in a shape this client does not
know (another version of the contract) is `UnexpectedAnswer`, which names the field.
"""

from typing import Any

import requests

PROBLEM_JSON = "application/problem+json"


class ApiUnavailable(Exception):
    """The API could not be reached, or did not answer in time."""


class UnexpectedAnswer(Exception):
    """The service answered, but not in the shape of the contract this client was written for:
    a field is missing or of another type (the server runs another version, say)."""

    def __init__(self, model: str, problems: list[str]) -> None:
        self.model, self.problems = model, problems
        super().__init__(
            f"The answer is not the {model} this client knows: " + "; ".join(problems) + "."
        )


class ApiError(Exception):
    """The API answered with an error status: what it said, and which fields were wrong."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        field_errors: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.field_errors: dict[str, str] = dict(field_errors or {})

    def __str__(self) -> str:
        fields = "".join(f" {field}: {message}" for field, message in self.field_errors.items())
        return f"{self.status} {self.title}: {self.detail}{fields}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, title={self.title!r}, "
            f"detail={self.detail!r}, field_errors={self.field_errors!r})"
        )


class Unauthorized(ApiError):
    """401: a partner route without a valid `X-API-Key`."""


class NotFound(ApiError):
    """404: no course with that slug (or no such address)."""


class ValidationFailed(ApiError):
    """422: some input was refused; `field_errors` says which field and why."""


class RateLimited(ApiError):
    """429, still, after the client waited and retried as often as it allows."""

    def __init__(self, *args: Any, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after  # seconds the API asked us to wait, if it said


ERRORS_BY_STATUS: dict[int, type[ApiError]] = {
    401: Unauthorized,
    404: NotFound,
    422: ValidationFailed,
    429: RateLimited,
}


def _field_errors(errors: Any) -> dict[str, str]:
    """`[{"field": "email", "message": "..."}]` as `{"email": "..."}`."""
    by_field: dict[str, str] = {}
    for error in errors if isinstance(errors, list) else []:
        if not isinstance(error, dict):
            continue
        field, message = str(error.get("field", "")), str(error.get("message", ""))
        # The list may name a field twice; keep both messages rather than drop one.
        by_field[field] = f"{by_field[field]} {message}" if field in by_field else message
    return by_field


def error_from_response(response: requests.Response) -> ApiError:
    """The exception for an error answer, problem+json or not (a proxy may answer in HTML)."""
    status = response.status_code
    problem: dict[str, Any] = {}
    if response.headers.get("Content-Type", "").startswith(PROBLEM_JSON):
        try:
            body = response.json()
        except ValueError:
            body = None
        problem = body if isinstance(body, dict) else {}
    title = str(problem.get("title") or response.reason or "Error")
    detail = str(problem.get("detail") or f"The API answered {status} {title}.")
    fields = _field_errors(problem.get("errors"))

    error_class = ERRORS_BY_STATUS.get(status, ApiError)
    if error_class is RateLimited:
        retry_after = response.headers.get("Retry-After", "")
        seconds = float(retry_after) if retry_after.strip().isdigit() else None
        return RateLimited(status, title, detail, fields, retry_after=seconds)
    return error_class(status, title, detail, fields)
