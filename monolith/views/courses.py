"""A course's page, and enrolling in it (post/redirect/get).

The page ends with "students who liked this also liked": the courses that the model, loaded in
this same process (`monolith.recommend`), finds most like this one.

A valid POST redirects back to the course page with a flash message (post/redirect/get), so
pressing reload does not send the form again. Bad input re-renders the page with each field's
error. Enrolling is idempotent: an email already enrolled on the course gets the same redirect
and the same message as a new one, so the page never tells a stranger whether someone takes
this course. The form gives the email in its normalised form (`NormalisedEmail`), so one
address typed two ways is the same email; the database's unique (course, email) constraint
keeps one row, even for two requests at the same instant.
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from monolith.db import get_session, same_text
from monolith.forms import EnrollForm
from monolith.models import Course, Enrollment
from monolith.recommend import SIMILAR_ON_COURSE_PAGE, Recommendation, get_recommender

bp = Blueprint("courses", __name__, url_prefix="/courses")


def _course_or_404(session: Session, slug: str) -> Course:
    course = session.scalar(select(Course).where(same_text(Course.slug, slug)))
    if course is None:
        abort(404, description=f"There is no course at /courses/{slug}.")
    return course


def _page(course: Course, form: EnrollForm) -> str:
    model = get_recommender()
    # None: the model is not loaded, and the page says recommendations are unavailable.
    also_liked: list[Recommendation] | None = None
    if model is not None:
        also_liked = model.similar(course.slug, SIMILAR_ON_COURSE_PAGE)
    return render_template("course.html", course=course, form=form, also_liked=also_liked)


@bp.get("/<slug>")
def detail(slug: str) -> str:
    course = _course_or_404(get_session(), slug)
    return _page(course, EnrollForm())


@bp.post("/<slug>")
def enroll(slug: str) -> Response | tuple[str, int]:
    session = get_session()
    course = _course_or_404(session, slug)
    form = EnrollForm()
    if not form.validate_on_submit():
        return _page(course, form), 400

    session.add(Enrollment(course=course, name=form.name.data, email=form.email.data))
    try:
        session.commit()
    except IntegrityError:
        # Enrolled already: nothing to add, and nothing to say that differs from a new
        # enrollment (the difference would tell anyone who typed this email).
        session.rollback()

    flash(f"You're enrolled in “{course.title}”, {form.name.data}. Happy learning!")
    return redirect(url_for("courses.detail", slug=slug))
