"""Exercise 03.1: one more route in the monolith's partner API, one course by its slug."""

from typing import Any

from tests.exercises.registry import Exercise, expect
from tests.exercises.support import monolith

EXERCISE = Exercise(
    "03.1",
    "A route more in the monolith's partner API: one course by its slug",
    "03-two-choices.md",
)

SLUG = "build-ai-agents-with-python-from-zero-to-your-first-agent"
ROUTE = f"/api/v1/partner/courses/{SLUG}"
UNKNOWN = "no-such-course"


def _make_key(client: Any) -> str:
    """`make monolith-partner-key NAME=exercise`, on the check's database."""
    made = client.application.test_cli_runner().invoke(args=["create-partner-key", "exercise"])
    return made.output.split()[-1]


def _feed_item(client: Any, key: str) -> dict[str, Any]:
    """The course as the feed (GET /api/v1/partner/courses) shows it."""
    params: dict[str, Any] = {"limit": 100}
    while True:
        page = client.get(
            "/api/v1/partner/courses", query_string=params, headers={"X-API-Key": key}
        )
        feed = page.get_json()
        for item in feed["items"]:
            if item["slug"] == SLUG:
                return item
        expect(feed["next_cursor"] is not None, f"The feed has no course {SLUG}.")
        params["cursor"] = feed["next_cursor"]


def check() -> str:
    with monolith(API=True) as client:
        key = _make_key(client)
        headers = {"X-API-Key": key}
        answer = client.get(ROUTE, headers=headers)
        expect(
            answer.status_code == 200 and answer.is_json,
            f"GET {ROUTE}, with a key, answers {answer.status_code} "
            f"({answer.content_type}): the monolith's partner API has no such route yet. Add "
            "one to monolith/partner_api/feed.py.",
        )
        course, item = answer.get_json(), _feed_item(client, key)
        different = sorted(
            field for field in item if field != "updated_at" and course.get(field) != item[field]
        )
        expect(
            not different,
            f"The course's {', '.join(different)} differ from the feed's item for the same slug: "
            "give each course the feed's shape (`course_json`).",
        )
        expect(
            "RateLimit-Remaining" in answer.headers,
            f"GET {ROUTE} sends no RateLimit-Remaining header: put the route on the partner "
            "blueprint, so the key check and the rate limit run before it.",
        )
        anonymous = client.get(ROUTE)
        expect(
            anonymous.status_code == 401,
            f"GET {ROUTE} without a key answers {anonymous.status_code}, not 401: the route "
            "must sit behind the same key check as the feed.",
        )
        unknown = client.get(f"/api/v1/partner/courses/{UNKNOWN}", headers=headers)
        expect(
            unknown.status_code == 404 and unknown.content_type == "application/problem+json",
            f"GET /api/v1/partner/courses/{UNKNOWN} answers {unknown.status_code} "
            f"({unknown.content_type}), not a 404 problem: raise ProblemError(404, ...).",
        )
        detail = unknown.get_json()["detail"]
        wanted = f"No course with slug '{UNKNOWN}'."
        expect(
            detail == wanted,
            f"The 404 problem's detail is {detail!r}: say {wanted!r}, as the catalog API does.",
        )
    return (
        f"GET {ROUTE} answers the course in the feed's shape, with a key and within its rate "
        "limit; without a key a 401, and an unknown slug a 404 problem."
    )
