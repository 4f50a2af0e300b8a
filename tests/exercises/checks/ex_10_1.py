"""Exercise 10.1: a course that caches may keep a minute, then revalidate with its ETag.

The check is the cache: it reads a course, asks again with `If-None-Match` and the ETag it got,
then changes the course's price in the database (through SQLAlchemy, as the API itself would)
and asks once more with the old ETag. It also makes sure the answers that must never be shared
keep saying so.
"""

import re
from typing import Any

from tests.exercises.registry import Exercise, expect
from tests.exercises.support import catalog_api

EXERCISE = Exercise(
    "10.1",
    "Let caches help: Cache-Control and an ETag on a course, a 304 when it is unchanged",
    "10-performance-and-scaling.md",
)

COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
WANTED = "public, max-age=60"
START = "Start in decoupled/backend/routes/courses.py (read_course)."
# An entity tag as HTTP writes it: in double quotes, W/ before it if it is weak (RFC 9110).
ETAG = re.compile(r'(W/)?"[\x21\x23-\x7e]*"')


def _directives(header: str | None) -> set[str]:
    return {part.strip().lower() for part in (header or "").split(",") if part.strip()}


def _first_read(api: Any, version: str) -> tuple[str, dict[str, Any]]:
    """(ETag, body) of a plain GET of the course, once its caching headers are as asked."""
    address = f"/api/{version}/courses/{COURSE}"
    answer = api.get(address)
    expect(answer.status_code == 200, f"GET {address} answers {answer.status_code}, not 200.")
    cache_control = answer.headers.get("Cache-Control")
    expect(
        _directives(cache_control) == _directives(WANTED),
        f"GET {address} says Cache-Control: {cache_control or '(nothing)'}. Say "
        f'"{WANTED}": any cache may reuse the course for a minute, then must ask again. ' + START,
    )
    etag = answer.headers.get("ETag")
    expect(
        etag is not None,
        f"GET {address} has no ETag: without one, a cache cannot ask whether its copy is "
        "still good, so it downloads the whole course again. " + START,
    )
    expect(
        ETAG.fullmatch(etag),
        f"GET {address} says ETag: {etag}, which HTTP cannot read as a tag: put it in "
        'double quotes, such as "3f2a9c0d".',
    )
    return etag, answer.json()


def _revalidate(api: Any, version: str, etag: str) -> Any:
    return api.get(f"/api/{version}/courses/{COURSE}", headers={"If-None-Match": etag})


def _expect_not_modified(api: Any, version: str, etag: str) -> None:
    address = f"GET /api/{version}/courses/{COURSE} with If-None-Match: {etag}"
    answer = _revalidate(api, version, etag)
    expect(
        answer.status_code == 304,
        f"{address} answers {answer.status_code}, not 304 Not Modified: the course has not "
        "changed, so the cache's copy is good and no body need be sent. Compare the request's "
        "If-None-Match header with the course's ETag.",
    )
    expect(
        answer.content == b"",
        f"{address} answers 304 with {len(answer.content)} bytes of body: a 304 has none.",
    )
    expect(
        answer.headers.get("ETag") == etag and answer.headers.get("Cache-Control"),
        f"{address} answers 304 without its ETag and Cache-Control: send them again, so the "
        "cache knows how long its copy is good for now.",
    )
    other = _revalidate(api, version, '"an-etag-from-another-time"')
    expect(
        other.status_code == 200 and other.content,
        f"GET /api/{version}/courses/{COURSE} with an ETag that is not the course's answers "
        f"{other.status_code}: only the current ETag may get a 304; any other gets the course.",
    )


def _change_the_price(api: Any) -> int:
    """Raise the course's price by $10.00 in the database; the new price in cents."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from decoupled.backend.models import Course

    with Session(api.app.state.engine) as session:
        course = session.scalars(select(Course).where(Course.slug == COURSE)).one()
        course.price_cents += 1000
        session.commit()
        return course.price_cents


def _expect_kept_private(api: Any) -> None:
    enrollment = {"name": "Ada Lovelace", "email": "ada@example.com"}
    created = api.post(f"/api/v2/courses/{COURSE}/enrollments", json=enrollment)
    expect(
        created.headers.get("Cache-Control") == "no-store",
        "The enrollment's 201 now says Cache-Control: "
        f"{created.headers.get('Cache-Control') or '(nothing)'}, not no-store: it shows the "
        "email it was sent, so no cache may keep it. Give the caching headers to the course "
        "alone.",
    )
    missing = api.get("/api/v2/courses/no-such-course")
    expect(
        "public" not in _directives(missing.headers.get("Cache-Control")),
        "A 404 for an unknown course may now be cached: a course added a moment later would "
        "stay missing for a minute. Send the caching headers with the 200 only.",
    )


def _expect_documented(api: Any) -> None:
    responses = api.get("/openapi.json").json()["paths"]["/api/v2/courses/{slug}"]["get"]
    responses = responses["responses"]
    expect(
        "304" in responses,
        "The OpenAPI document does not say that GET /api/v2/courses/{slug} may answer 304: "
        "add it to the route's `responses` (READ in routes/courses.py), so the contract says it.",
    )
    expect(
        "ETag" in responses.get("200", {}).get("headers", {}),
        "The OpenAPI document does not list the ETag header of the course's 200: declare it "
        'in `responses` ({200: {"headers": {...}}}), as the enrollment declares Cache-Control.',
    )


def check() -> str:
    with catalog_api() as api:
        first = {}
        for version in ("v2", "v1"):
            etag, _ = _first_read(api, version)
            _expect_not_modified(api, version, etag)
            first[version] = etag

        new_cents = _change_the_price(api)
        changed = _revalidate(api, "v2", first["v2"])
        expect(
            changed.status_code == 200,
            f"After the course's price changed, GET /api/v2/courses/{COURSE} with its old "
            f"ETag answers {changed.status_code}, not 200: the ETag must change when the "
            "course does, or caches keep the old price. Compute it from what the answer says.",
        )
        amount = changed.json()["price"]["amount"]
        expect(
            amount == f"{new_cents / 100:.2f}",
            f"After the price changed to {new_cents / 100:.2f}, the course still says {amount}.",
        )
        new_etag = changed.headers.get("ETag")
        expect(
            new_etag and new_etag != first["v2"],
            f"After the price changed, the course still has the ETag {first['v2']}: a cache "
            "that revalidates with it would be told its old copy is good.",
        )
        _expect_not_modified(api, "v2", new_etag)
        _expect_kept_private(api)
        _expect_documented(api)
    return (
        f"A course says Cache-Control: {WANTED} and carries an ETag; asked again with it, "
        f"v1 and v2 answer 304 with no body. Once its price changed, the old ETag got 200, "
        "the new price and a new ETag; the enrollment still says no-store."
    )
