"""Exercise 04.3: a rate limit on the public enrolment route, per client address."""

from typing import Any

from tests.exercises.registry import Exercise, expect
from tests.exercises.support import catalog_api

EXERCISE = Exercise(
    "04.3",
    "Rate-limit enrolments per client address (ENROLLMENT_RATE_LIMIT)",
    "04-the-catalog-api.md",
)

# One address, four courses, two versions: the limit counts the sender, not the course.
COURSES = (
    ("v1", "ai-agents-for-business-automation"),
    ("v2", "build-ai-agents-with-python-from-zero-to-your-first-agent"),
    ("v1", "agentes-de-ia-con-python-para-principiantes"),
    ("v2", "prompt-engineering-for-agents-and-llm-workflows"),
)


def _enrol(api: Any, number: int) -> Any:
    version, slug = COURSES[number % len(COURSES)]
    person = {"name": "Rate Limit", "email": f"limit-{number}@example.com"}
    return api.post(f"/api/{version}/courses/{slug}/enrollments", json=person)


def _stored(api: Any) -> int:
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from decoupled.backend.models import Enrollment

    with Session(api.app.state.engine) as session:
        return session.scalar(select(func.count(Enrollment.id))) or 0


def _expect_the_setting() -> None:
    from decoupled.backend.config import Settings

    expect(
        "enrollment_rate_limit" in Settings.model_fields,
        "The API's settings have no `enrollment_rate_limit` yet: add it to Settings in "
        "decoupled/backend/config.py (ENROLLMENT_RATE_LIMIT in the environment).",
    )


def check() -> str:
    with catalog_api() as api:
        statuses = [_enrol(api, number).status_code for number in range(8)]
        expect(
            statuses == [201] * 8,
            f"Without the setting, eight enrolments answer {statuses}: the default must not "
            "refuse the tests' and lessons' enrolments (leave it off, or generous).",
        )
    _expect_the_setting()
    with catalog_api(enrollment_rate_limit="3/minute") as api:
        statuses = [_enrol(api, number).status_code for number in range(3)]
        expect(
            statuses == [201, 201, 201],
            f"With enrollment_rate_limit='3/minute', the first three enrolments answer "
            f"{statuses}, not 201 each.",
        )
        fourth = _enrol(api, 3)
        expect(
            fourth.status_code == 429,
            f"With enrollment_rate_limit='3/minute', the fourth enrolment from one address "
            f"answers {fourth.status_code}, not 429 Too Many Requests: the route does not "
            "count enrolments yet (decoupled/backend/routes/enrollments.py).",
        )
        retry_after = fourth.headers.get("Retry-After", "")
        expect(
            retry_after.isdigit() and int(retry_after) > 0,
            f"The 429 has Retry-After {retry_after or 'missing'}: say in whole seconds when to "
            "try again (the RateLimit class in decoupled/backend/security.py does).",
        )
        expect(
            fourth.headers.get("content-type") == "application/problem+json"
            and fourth.json().get("status") == 429,
            "The 429 is not a problem (application/problem+json with status 429): raise "
            "ProblemError, as RateLimit.hit does, and the problem handlers do the rest.",
        )
        stored = _stored(api)
        expect(
            stored == 3,
            f"{stored} enrolments were stored, not 3: count the request before the route "
            "writes anything (a dependency runs first).",
        )
    return (
        "With ENROLLMENT_RATE_LIMIT=3/minute, an address's fourth enrolment gets a 429 problem "
        f"with Retry-After ({retry_after} s) and is not stored; without it, nothing is refused."
    )
