"""Exercise 04.2: a new field in every course answer, breaking no client."""

import json
from typing import Any

from tests.exercises.registry import Exercise, NotDone, expect
from tests.exercises.support import catalog_api, monolith

EXERCISE = Exercise(
    "04.2",
    "Add `is_free` to every course answer without breaking a client",
    "04-the-catalog-api.md",
)

FIELD = "is_free"
COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
ANY_KEY = "a-key-for-exercise-04-2"


def _is_free(course: dict[str, Any]) -> bool:
    price = course["price"]
    return price["amount"] == "0.00" if isinstance(price, dict) else price == 0


def _every_course(api: Any, version: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for page in (1, 2, 3):
        query = {"sort": "price_asc", "per_page": 100, "page": page}
        items += api.get(f"/api/{version}/courses", params=query).json()["items"]
    return items


def _check_values(api: Any) -> None:
    for version in ("v1", "v2"):
        one = api.get(f"/api/{version}/courses/{COURSE}").json()
        expect(
            FIELD in one,
            f"GET /api/{version}/courses/{COURSE} has no `{FIELD}` yet: add it to CourseOut "
            "in decoupled/backend/schemas.py.",
        )
        for course in _every_course(api, version):
            expect(
                course.get(FIELD) is _is_free(course),
                f"In GET /api/{version}/courses, {course['slug']} costs {course['price']} and "
                f"has {FIELD}={course.get(FIELD)!r}: it should be {_is_free(course)} (a JSON "
                "true or false).",
            )


def _check_the_python_client(api: Any) -> None:
    from decoupled.client.errors import UnexpectedAnswer
    from decoupled.client.models import Course, CoursePage

    try:
        CoursePage.from_json(api.get("/api/v1/courses", params={"q": "ai"}).json())
        Course.from_json(api.get(f"/api/v1/courses/{COURSE}").json())
    except UnexpectedAnswer as error:
        raise NotDone(
            f"The Python client no longer reads v1's answers ({error}): an added field must "
            "leave every field it reads as it was."
        ) from None


def _check_the_contract(api: Any) -> None:
    from tests.decoupled.backend.contract import PROMISE, breaking_changes, shapes

    served = shapes(api.get("/openapi.json").json())
    broken = breaking_changes(json.loads(PROMISE.read_text(encoding="utf-8")), served)
    expect(not broken, f"The v1 contract test finds breaking changes: {'; '.join(broken[:3])}.")
    course = served["GET /api/v1/courses/{slug} 200 application/json"]
    expect(
        FIELD in course.get("properties", {}),
        f"The OpenAPI document does not describe `{FIELD}`: declare it as a field of CourseOut, "
        "so the contract (and /docs) shows it.",
    )


def _api_feed_fields(api: Any) -> set[str]:
    from sqlalchemy.orm import Session

    from decoupled.backend.models import PartnerKey
    from decoupled.backend.security import hash_key

    with Session(api.app.state.engine) as session:
        session.add(PartnerKey(name="exercise", key_hash=hash_key(ANY_KEY)))
        session.commit()
    feed = api.get("/api/v1/partner/courses?limit=1", headers={"X-API-Key": ANY_KEY}).json()
    return set(feed["items"][0])


def _monolith_feed_fields() -> set[str]:
    with monolith(API=True) as client:
        made = client.application.test_cli_runner().invoke(args=["create-partner-key", "acme"])
        key = made.output.split()[-1]
        feed = client.get("/api/v1/partner/courses?limit=1", headers={"X-API-Key": key})
        return set(feed.get_json()["items"][0])


def check() -> str:
    with catalog_api() as api:
        _check_values(api)
        _check_the_python_client(api)
        _check_the_contract(api)
        from_api = _api_feed_fields(api)
    from_monolith = _monolith_feed_fields()
    only_api, only_monolith = from_api - from_monolith, from_monolith - from_api
    expect(
        not only_api and not only_monolith,
        f"The two partner feeds differ: the API's has {sorted(only_api) or 'nothing more'}, "
        f"the monolith's (MONOLITH_API=1) {sorted(only_monolith) or 'nothing more'}. "
        "PartnerCourse inherits from CourseOut; the monolith serves the same partner contract "
        "from monolith/partner_api/feed.py, so give it the field too.",
    )
    return (
        f"Every course in /api/v1 and /api/v2 says `{FIELD}`, true exactly when it costs "
        "nothing; the Python client still reads the answers, the v1 contract test finds "
        "nothing broken, and both partner feeds still match."
    )
