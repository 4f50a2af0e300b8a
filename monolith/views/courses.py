"""A course's page, and enrolling in it (post/redirect/get).

A successful POST redirects back to the course page with a flash message, so pressing reload
never enrols twice. Bad input re-renders the page with each field's error; an email already
enrolled on this course gets a friendly message. The database's unique (course, email)
constraint is what really refuses the duplicate, even for two requests at the same instant.
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from monolith.db import get_session
from monolith.forms import EnrollForm
from monolith.models import Course, Enrollment

bp = Blueprint("courses", __name__, url_prefix="/courses")


def _course_or_404(session: Session, slug: str) -> Course:
    course = session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        abort(404, description=f"There is no course at /courses/{slug}.")
    return course


@bp.get("/<slug>")
def detail(slug: str) -> str:
    course = _course_or_404(get_session(), slug)
    return render_template("course.html", course=course, form=EnrollForm())


@bp.post("/<slug>")
def enroll(slug: str) -> Response | tuple[str, int]:
    session = get_session()
    course = _course_or_404(session, slug)
    form = EnrollForm()
    if not form.validate_on_submit():
        return render_template("course.html", course=course, form=form), 400

    session.add(Enrollment(course=course, name=form.name.data, email=form.email.data.lower()))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        form.email.errors = ["This email address is already enrolled in this course."]
        return render_template("course.html", course=course, form=form), 409

    flash(f"You're enrolled in “{course.title}”, {form.name.data}. Happy learning!")
    return redirect(url_for("courses.detail", slug=slug))
