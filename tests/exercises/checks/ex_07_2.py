"""Exercise 07.2: after its sunset, /api/v1 answers 410 Gone, pointing to /api/v2."""

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.exercises.registry import Exercise, expect
from tests.exercises.support import catalog_api

EXERCISE = Exercise(
    "07.2", "The sunset: /api/v1 answers 410 Gone once its date has passed", "07-versions.md"
)

COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
PATHS = ("/courses", f"/courses/{COURSE}")


def _gone_properly(api: Any, path: str) -> None:
    old, new = f"/api/v1{path}", f"/api/v2{path}"
    answer = api.get(old)
    expect(
        answer.status_code == 410,
        f"With the sunset in the past, GET {old} answers {answer.status_code}, not 410 Gone: "
        "make the middleware in decoupled/backend/deprecation.py answer 410 once "
        "settings.v1_sunset_at has passed.",
    )
    kind = answer.headers.get("content-type", "")
    expect(
        kind == "application/problem+json",
        f"The 410 from GET {old} is {kind or 'no content type'}, not a problem "
        "(application/problem+json): build it with problem_response in problems.py.",
    )
    detail = str(answer.json().get("detail", ""))
    expect(
        "/api/v2" in detail,
        f"The 410's detail is {detail!r}: name /api/v2, so the reader knows where to go.",
    )
    link = answer.headers.get("link", "")
    expect(
        f'<{new}>; rel="successor-version"' in link,
        f"The 410 from GET {old} has the Link header {link!r}: keep pointing to <{new}> as "
        'rel="successor-version", as every v1 answer did before the sunset.',
    )


def check() -> str:
    now = datetime.now(UTC)
    past = {"v1_deprecated_at": now - timedelta(days=400), "v1_sunset_at": now - timedelta(days=1)}
    with catalog_api(**past) as api:
        for path in PATHS:
            _gone_properly(api, path)
        current = api.get("/api/v2/courses")
        expect(
            current.status_code == 200,
            f"With v1's sunset in the past, GET /api/v2/courses answers {current.status_code}: "
            "only /api/v1 goes; version 2 must answer as before.",
        )
    future = {"v1_sunset_at": now + timedelta(days=365)}
    with catalog_api(**future) as api:
        for path in PATHS:
            answer = api.get(f"/api/v1{path}")
            expect(
                answer.status_code == 200 and "sunset" in answer.headers,
                f"With v1's sunset a year away, GET /api/v1{path} answers "
                f"{answer.status_code}: until the sunset, v1 answers as before, with its "
                "Deprecation and Sunset headers.",
            )
    return (
        "After its sunset, /api/v1 answers 410 Gone with a problem naming /api/v2 and the "
        "Link to the same address there; before it, v1 answers as before, and v2 always does."
    )
