"""GET /api/v1/partner/courses (the feed) and GET /api/v1/partner/stats, in the monolith.

What this teaches: a JSON view is as small as an HTML view. It queries the same tables, and
instead of `render_template` it returns a dict that Flask sends as JSON. `course_json` is
the contract for one course: each field a partner may rely on, spelled exactly as the
catalog API spells it. Every request first passes `require_partner` (a key, a rate limit).
"""

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, request
from sqlalchemy import BigInteger, func, literal, select
from sqlalchemy.orm import joinedload

from monolith.db import get_session
from monolith.models import Course, Enrollment
from monolith.partner_api.keys import add_rate_limit_headers, require_partner
from monolith.partner_api.params import read_feed_params

bp = Blueprint("partner_api", __name__)
bp.before_request(require_partner)
bp.after_request(add_rate_limit_headers)


def _utc_text(value: datetime) -> str:
    """A naive UTC time from the database as RFC 3339 text: "2026-01-31T09:00:00Z"."""
    return value.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


def course_json(course: Course) -> dict[str, Any]:
    return {
        "slug": course.slug,
        "title": course.title,
        "headline": course.headline,
        "description": course.description,
        "category": {"name": course.category.name, "slug": course.category.slug},
        "level": course.level,
        "instructor": course.instructor,
        "price": course.price,
        "rating": course.rating,
        "review_count": course.review_count,
        "student_count": course.student_count,
        "language": course.language,
        "hours": course.hours,
        "tags": course.tag_list,
        "published": course.published.isoformat(),
        "updated_at": _utc_text(course.updated_at),
    }


@bp.get("/courses")
def course_feed() -> dict[str, Any]:
    """Every course, `limit` at a time, in id order; `next_cursor` leads to the next page."""
    params = read_feed_params(request.args)
    statement = (
        select(Course)
        .options(joinedload(Course.category))
        .order_by(Course.id)
        .limit(params.limit + 1)
    )
    if (updated_since := params.updated_since_utc()) is not None:
        statement = statement.where(Course.updated_at >= updated_since)
    if params.cursor is not None:
        # A cursor may be any 64-bit number; PostgreSQL's ids are 32-bit, and a larger number
        # passed as one of them is an error there. As a 64-bit value it is only "past the end".
        statement = statement.where(Course.id > literal(params.cursor, BigInteger))
    courses = get_session().scalars(statement).all()
    # We fetched one more than a page: if it exists, there is a next page.
    page = courses[: params.limit]
    return {
        "items": [course_json(course) for course in page],
        "next_cursor": page[-1].id if len(courses) > params.limit else None,
    }


@bp.get("/stats")
def stats() -> dict[str, Any]:
    """How many people enrolled on each course: counts only, never a name or an email."""
    enrollments = func.count(Enrollment.id)
    rows = get_session().execute(
        select(Course.slug, Course.title, enrollments.label("enrollments"))
        .outerjoin(Enrollment, Enrollment.course_id == Course.id)
        .group_by(Course.id)
        .order_by(enrollments.desc(), Course.slug)
    )
    by_course = [{"slug": slug, "title": title, "enrollments": n} for slug, title, n in rows]
    return {
        "courses": len(by_course),
        "enrollments": sum(course["enrollments"] for course in by_course),
        "by_course": by_course,
    }
