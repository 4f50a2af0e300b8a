"""Every failure as a tool error: one paragraph that says what went wrong and what to change.

What this teaches: an agent reads an error the way it reads an answer, as text in its
context, and its next move depends on it. So a tool error is written for that reader:

- the API's own words first: its problem document's `detail`, or one line per refused field
  (`level: Level must be beginner, intermediate or advanced.`), which already name the value
  to change;
- then the move that fixes it: "call search_courses again", "take a slug from ...",
  "start it with `make api`";
- never a traceback, a status code alone, or "Internal error": the agent could do nothing
  with them. A bug in this server is logged here, for people, and the agent hears only that
  the call failed.

A service that does not answer is an error of the call, not of the server: the MCP server
stays up, and its other tools (those of the service that is up) keep working.
"""

import requests
from pydantic import ValidationError

from decoupled.client import (
    ApiError,
    ApiUnavailable,
    NotFound,
    RateLimited,
    UnexpectedAnswer,
    ValidationFailed,
)
from decoupled.client.service import ServiceClient

SLUG_HINT = "Take a slug from search_courses, similar_courses or recommend_courses."


def change(count: int) -> str:
    return "Change that" if count == 1 else "Change those"


def named(service: ServiceClient) -> str:
    return service.long_name[0].upper() + service.long_name[1:]  # "The catalog API"


def unavailable(error: ApiUnavailable, service: ServiceClient) -> str:
    """The service could not be reached, or did not answer in time."""
    name = named(service)
    cause = error.__cause__
    if isinstance(cause, requests.ConnectionError):
        return (
            f"{name} at {service.base_url} is not answering; start it with `{service.started_by}`."
        )
    if isinstance(cause, requests.Timeout):
        return (
            f"{name} at {service.base_url} did not answer within {service.timeout:g} s; "
            "it may be busy: try again in a moment."
        )
    return str(error)  # it answered, but not with JSON: the address is not the service


def refused(error: ApiError, tool: str) -> str:
    """What the service said about this call, and how to call again."""
    if isinstance(error, ValidationFailed) and error.field_errors:
        said = " ".join(f"{field}: {message}" for field, message in error.field_errors.items())
        return f"{said} {change(len(error.field_errors))} and call {tool} again."
    if isinstance(error, NotFound):
        return f"{error.detail} {SLUG_HINT}"
    if isinstance(error, RateLimited):
        wait = f"{error.retry_after:g} s" if error.retry_after else "a minute"
        return f"{error.detail} Wait {wait}, then call {tool} again."
    if error.status >= 500:
        return f"{error.detail} ({error.status} {error.title}) Try {tool} again in a moment."
    return f"{error.detail} ({error.status} {error.title})"


def bad_arguments(error: ValidationError, tool: str, names: list[str]) -> str:
    """Arguments of an unknown name or the wrong JSON type, refused before any request."""
    lines = []
    for problem in error.errors(include_url=False):
        name = ".".join(str(part) for part in problem["loc"]) or "arguments"
        if problem["type"] == "extra_forbidden":
            known = ", ".join(names) or "none"
            lines.append(f"{name} is not an argument of {tool} (its arguments: {known}).")
        elif problem["type"] == "missing":
            lines.append(f"{name} is required.")
        else:
            lines.append(f"{name}: {problem['msg']}.")
    return " ".join(lines) + f" {change(len(lines))} and call {tool} again."


def failed(
    error: ApiError | ApiUnavailable | UnexpectedAnswer, service: ServiceClient, tool: str
) -> str:
    """The tool error for what the client raised while `tool` called `service`."""
    if isinstance(error, ApiUnavailable):
        return unavailable(error, service)
    if isinstance(error, ApiError):
        return refused(error, tool)
    return (
        f"{named(service)} answered in a shape this MCP server does not know ({error}); it may "
        "run another version of its contract."
    )
