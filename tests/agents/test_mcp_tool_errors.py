"""A wrong call gets a tool error an agent can act on: what was wrong, and what to change.

Each test makes one call an agent might make by mistake and checks the whole text the agent
would read: the API's (or the ML service's) own words when it refused the value, then the
way out. Never a traceback, never silence: a misspelt argument is refused, not ignored. The
last cases are answers the real services rarely give (429, 503, a web page, another shape),
from the scripted server of the client's tests.
"""

from collections.abc import Iterator
from typing import Any

import pytest

from decoupled.mcp_server.tools import Services
from tests.agents.helpers import Running, call_in_memory, text_of
from tests.support.ports import unused_address
from tests.support.scripted_server import (
    Answer,
    ScriptedServer,
    json_answer,
    problem,
    scripted_server,
)

SEARCH_ARGUMENTS = "q, category, level, max_price, min_rating, sort, page, per_page"
ERRORS = {
    "a level the api does not know": (
        "search_courses",
        {"q": "ai", "level": "expert"},
        "level: Level must be beginner, intermediate or advanced. "
        "Change that and call search_courses again.",
    ),
    "two values the api refuses": (
        "search_courses",
        {"page": 0, "sort": "cheapest"},
        "sort: Sort must be one of: relevance, rating, newest, price_asc, price_desc. "
        "page: Pages are whole numbers from 1 to 1000. Change those and call search_courses again.",
    ),
    "a category that does not exist": (
        "search_courses",
        {"category": "cooking"},
        "category: Unknown category 'cooking'. Change that and call search_courses again.",
    ),
    "a misspelt argument": (
        "search_courses",
        {"q": "ai agents", "lvl": "beginner"},
        f"lvl is not an argument of search_courses (its arguments: {SEARCH_ARGUMENTS}). "
        "Change that and call search_courses again.",
    ),
    "a page that is not a number": (
        "search_courses",
        {"page": "second"},
        "page: Input should be a valid integer, unable to parse string as an integer. "
        "Change that and call search_courses again.",
    ),
    "a missing slug": (
        "get_course",
        {},
        "slug is required. Change that and call get_course again.",
    ),
    "a course that does not exist": (
        "get_course",
        {"slug": "learn-cobol-in-a-weekend"},
        "No course with slug 'learn-cobol-in-a-weekend'. "
        "Take a slug from search_courses, similar_courses or recommend_courses.",
    ),
    "interests of spaces and too many courses": (
        "recommend_courses",
        {"interests": "   ", "k": 50},
        "interests: Describe your interests in 1 to 500 characters, not only spaces. "
        "k: k must be a whole number from 1 to 20. Change those and call recommend_courses again.",
    ),
    "similar to a course the model does not know": (
        "similar_courses",
        {"slug": "learn-cobol-in-a-weekend"},
        "No course with slug 'learn-cobol-in-a-weekend'. "
        "Take a slug from search_courses, similar_courses or recommend_courses.",
    ),
    "a tool that does not exist": (
        "enroll",
        {"slug": "x"},
        "There is no tool 'enroll'; the tools are search_courses, get_course, list_categories, "
        "recommend_courses, similar_courses.",
    ),
}


@pytest.mark.parametrize(("tool", "arguments", "message"), ERRORS.values(), ids=ERRORS.keys())
def test_a_wrong_call_is_a_tool_error_that_says_what_to_change(
    running: Running, tool: str, arguments: dict[str, Any], message: str
) -> None:
    result = call_in_memory(running.services(), tool, arguments)

    assert result.is_error
    assert text_of(result) == message
    assert result.structured_content is None


def test_a_misspelt_filter_does_not_quietly_widen_the_search(running: Running) -> None:
    # The API itself ignores an unknown query parameter: ?lvl=beginner finds every level.
    widened = call_in_memory(running.services(), "search_courses", {"q": "ai agents"})
    refused = call_in_memory(running.services(), "search_courses", {"q": "ai agents", "lvl": "x"})

    assert not widened.is_error and widened.structured_content["total"] > 3
    assert refused.is_error


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    """A server that gives the answers a test scripts (tests/support/scripted_server.py)."""
    with scripted_server() as server:
        yield server


TOO_MANY = "Too many searches from your address: at most 120 a minute."
SCRIPTED = {
    "over the rate limit": (
        problem(429, "Too Many Requests", TOO_MANY, **{"Retry-After": "12"}),
        f"{TOO_MANY} Wait 12 s, then call search_courses again.",
    ),
    "a busy api": (
        problem(503, "Service Unavailable", "The API is busy."),
        "The API is busy. (503 Service Unavailable) Try search_courses again in a moment.",
    ),
    "an address that is not the api": (
        (200, {"Content-Type": "text/html"}, "<html>Welcome</html>"),
        "{url} answered, but not with JSON: is it the catalog API?",
    ),
    "another version of the contract": (
        json_answer(200, {"items": [], "total": "none", "page": 1, "per_page": 12, "pages": 0}),
        "The catalog API answered in a shape this MCP server does not know (The answer is not "
        "the CoursePage this client knows: total: Input should be a valid integer, unable to "
        "parse string as an integer.); it may run another version of its contract.",
    ),
}


@pytest.mark.parametrize(("answer", "message"), SCRIPTED.values(), ids=SCRIPTED.keys())
def test_an_answer_the_api_rarely_gives_is_a_tool_error_that_says_what_to_do(
    scripted: ScriptedServer, answer: Answer, message: str
) -> None:
    scripted.script = [answer]
    services = Services(api_url=scripted.url, ml_url=unused_address())

    result = call_in_memory(services, "search_courses", {"q": "ai"})

    assert result.is_error
    assert text_of(result) == message.format(url=scripted.url)
    assert len(scripted.received) == 1  # told at once, not after retries the agent cannot see
