"""Every category with how many courses it holds, each linking to a filtered search."""

from flask import Blueprint, render_template
from sqlalchemy import func, select

from monolith.db import get_session
from monolith.models import Category, Course

bp = Blueprint("categories", __name__, url_prefix="/categories")


@bp.get("")
def index() -> str:
    rows = get_session().execute(
        select(Category.name, Category.slug, func.count(Course.id).label("course_count"))
        .join(Course)
        .group_by(Category.id)
        .order_by(Category.name)
    )
    return render_template("categories.html", categories=rows.all())
