"""Partner routes: GET /partner/courses (a sync feed) and /partner/stats, in both versions.

Both need an `X-API-Key` (see `security.py`); the router's dependency checks it, and
counts the request against the key's rate limit, before either route runs. As in
`courses.py`, version 2 serves the same functions; the feed's courses take v2's shape.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import BigInteger, func, literal, select

from decoupled.backend.db import SessionDep
from decoupled.backend.models import Course, Enrollment
from decoupled.backend.openapi import PARTNER_RESPONSES, RATE_LIMIT_HEADERS, problem_responses
from decoupled.backend.params import FeedParams
from decoupled.backend.schemas import (
    CourseStats,
    PartnerCourse,
    PartnerFeed,
    PartnerFeedV2,
    PartnerStats,
)
from decoupled.backend.security import require_partner

BAD_LIMIT = ("limit", "Input should be less than or equal to 100")

PARTNER = {
    "prefix": "/partner",
    "tags": ["partner"],
    "dependencies": [Depends(require_partner)],
    "responses": PARTNER_RESPONSES,
}
router = APIRouter(**PARTNER)
router_v2 = APIRouter(**PARTNER)

# The names end the operation ids: v2_partner_course_feed, v2_partner_stats (openapi.py).
FEED = {
    "summary": "The whole catalog, as a feed",
    "name": "partner_course_feed",
    "responses": {
        200: {"headers": RATE_LIMIT_HEADERS},
        **problem_responses(422, field_error=BAD_LIMIT),
    },
}
STATS = {
    "summary": "Enrollment counts",
    "name": "partner_stats",
    "responses": {200: {"headers": RATE_LIMIT_HEADERS}},
}


@router_v2.get("/courses", response_model=PartnerFeedV2, **FEED)
@router.get("/courses", **FEED)
def course_feed(params: Annotated[FeedParams, Query()], session: SessionDep) -> PartnerFeed:
    """Every course, `limit` at a time, for a partner that keeps its own copy.

    Start without a `cursor`, then pass each page's `next_cursor` until it is null. To catch
    up later, note when you started and pass it as `updated_since` next time.
    """
    statement = select(Course).order_by(Course.id).limit(params.limit + 1)
    if params.updated_since is not None:
        statement = statement.where(Course.updated_at >= params.updated_since)
    if params.cursor is not None:
        # A cursor may be any 64-bit number; PostgreSQL's ids are 32-bit, and a larger number
        # passed as one of them is an error there. As a 64-bit value it is only "past the end".
        statement = statement.where(Course.id > literal(params.cursor, BigInteger))
    courses = session.scalars(statement).all()
    # We fetched one more than a page: if it exists, there is a next page.
    page = courses[: params.limit]
    return PartnerFeed(
        items=[PartnerCourse.model_validate(course) for course in page],
        next_cursor=page[-1].id if len(courses) > params.limit else None,
    )


@router_v2.get("/stats", **STATS)
@router.get("/stats", **STATS)
def stats(session: SessionDep) -> PartnerStats:
    """How many people enrolled on each course: counts only, never a name or an email."""
    enrollments = func.count(Enrollment.id)
    rows = session.execute(
        select(Course.slug, Course.title, enrollments.label("enrollments"))
        .outerjoin(Enrollment, Enrollment.course_id == Course.id)
        .group_by(Course.id)
        .order_by(enrollments.desc(), Course.slug)
    )
    by_course = [CourseStats.model_validate(row, from_attributes=True) for row in rows]
    return PartnerStats(
        courses=len(by_course),
        enrollments=sum(course.enrollments for course in by_course),
        by_course=by_course,
    )
