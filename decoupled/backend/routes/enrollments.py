"""POST /courses/{slug}/enrollments: sign up for a course (the same in both versions).

What this teaches: an answer can leak. If a second enrollment of one address were refused
("already enrolled"), anyone could type a neighbour's email and learn whether they take a
course. So enrolling is idempotent: asking twice leaves one enrollment, and both answers are
the same 201, built only from what the caller sent. Nothing in them comes from the stored row.
"""

from fastapi import APIRouter, Depends, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from decoupled.backend.db import SessionDep, same_text
from decoupled.backend.headers import NO_STORE
from decoupled.backend.models import Course, Enrollment
from decoupled.backend.openapi import problem_responses
from decoupled.backend.params import CourseSlug
from decoupled.backend.problems import ProblemError
from decoupled.backend.rate_limits import limit_enrollments
from decoupled.backend.schemas import EnrollmentIn, EnrollmentOut

router = APIRouter(tags=["enrollments"])

NOT_CACHED = {
    "Cache-Control": {
        "description": "`no-store`: the answer repeats the email, so no cache may keep a copy.",
        "schema": {"type": "string", "enum": ["no-store"]},
    }
}
BAD_EMAIL = ("email", "Enter a valid email address, like ada@example.com.")


@router.post(
    "/courses/{slug}/enrollments",
    status_code=201,
    summary="Enroll in a course",
    name="enroll_in_course",  # the operation id's end: v2_enroll_in_course (openapi.py)
    dependencies=[Depends(limit_enrollments)],  # counted before anything is written
    responses={
        201: {"headers": NOT_CACHED},
        # 400: a body that is not even text (FastAPI cannot decode it).
        **problem_responses(400, 404, 422, 429, field_error=BAD_EMAIL),
    },
)
def enroll(
    slug: CourseSlug,
    enrollment: EnrollmentIn,
    session: SessionDep,
    response: Response,
) -> EnrollmentOut:
    """Enroll `name` and `email` in the course. The email is stored in email-validator's
    normalised form, lowercased, and is never shown again: not in this API's other answers,
    not to partners.

    Idempotent: the same email again on the same course (even at the same instant) leaves
    one enrollment and gets the same answer, so the answer never tells whether an address was
    enrolled before. It is also safe to send again after a lost connection.
    """
    course = session.scalar(select(Course).where(same_text(Course.slug, slug)))
    if course is None:
        raise ProblemError(404, f"No course with slug '{slug}'.")
    row = Enrollment(course_id=course.id, name=enrollment.name, email=enrollment.email)
    session.add(row)
    try:
        session.commit()
    except IntegrityError:
        # Enrolled already (perhaps by a request a moment ago). No "is it there?" query first:
        # two requests could both see "no". The unique constraint decides, atomically, and
        # either way the person is enrolled: the same answer follows.
        session.rollback()
    # No `Location` header, though a 201 often names the new thing's address: an enrollment
    # has none. Reading one back would show its email to anyone with the id, so there is no
    # GET for it. No id or date either: a repeat would have to show the older row's.
    response.headers.update(NO_STORE)
    return EnrollmentOut(course=slug, name=enrollment.name, email=enrollment.email)
