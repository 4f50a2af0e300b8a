"""POST /courses/{slug}/enrollments: sign up for a course (the same in both versions)."""

from fastapi import APIRouter, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from decoupled.backend.db import SessionDep
from decoupled.backend.headers import NO_STORE
from decoupled.backend.models import Course, Enrollment
from decoupled.backend.openapi import problem_responses
from decoupled.backend.params import CourseSlug
from decoupled.backend.problems import ALREADY_ENROLLED, ProblemError, invalid_field
from decoupled.backend.schemas import EnrollmentIn, EnrollmentOut

router = APIRouter(tags=["enrollments"])

NOT_CACHED = {
    "Cache-Control": {
        "description": "`no-store`: the answer shows the email, so no cache may keep a copy.",
        "schema": {"type": "string", "enum": ["no-store"]},
    }
}
BAD_EMAIL = ("email", "Enter a valid email address, like ada@example.com.")


@router.post(
    "/courses/{slug}/enrollments",
    status_code=201,
    summary="Enrol in a course",
    responses={
        201: {"headers": NOT_CACHED},
        # 400: a body that is not even text (FastAPI cannot decode it).
        **problem_responses(400, 404, 409, 422, field_error=BAD_EMAIL),
    },
)
def enroll(
    slug: CourseSlug,
    enrollment: EnrollmentIn,
    session: SessionDep,
    response: Response,
) -> EnrollmentOut:
    """Enrol `name` and `email` in the course. The email is stored in email-validator's
    normalised form, lowercased, and is never shown again: not in this API's other answers,
    not to partners.

    The same email twice on one course gets a 409, even when both requests arrive at once.
    """
    course = session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        raise ProblemError(404, f"No course with slug '{slug}'.")
    row = Enrollment(course_id=course.id, name=enrollment.name, email=enrollment.email)
    session.add(row)
    try:
        session.commit()
    except IntegrityError:
        # No "is it there already?" query first: two requests could both see "no" and both
        # insert. The database's unique constraint decides, atomically; we report its answer.
        session.rollback()
        raise invalid_field("email", ALREADY_ENROLLED, status=409) from None
    # No `Location` header, though a 201 often names the new thing's address: an enrolment
    # has none. Reading one back would show its email to anyone with the id, so there is no
    # GET for it, and an address that answers 404 would be a broken promise. The body's `id`
    # and `course` say which enrolment it is.
    response.headers.update(NO_STORE)
    return EnrollmentOut(
        id=row.id, course=slug, name=row.name, email=row.email, created_at=row.created_at
    )
