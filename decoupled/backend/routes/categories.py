"""GET /api/v1/categories: every category, with how many courses it has."""

from fastapi import APIRouter
from sqlalchemy import func, select

from decoupled.backend.db import SessionDep
from decoupled.backend.models import Category, Course
from decoupled.backend.schemas import CategoryOut

router = APIRouter(prefix="/categories", tags=["categories"])


@router.get("", summary="List the categories")
def list_categories(session: SessionDep) -> list[CategoryOut]:
    """Every category, by name, with its number of courses: the `category` filter's values."""
    rows = session.execute(
        select(Category.name, Category.slug, func.count(Course.id).label("course_count"))
        .outerjoin(Course)
        .group_by(Category.id)
        .order_by(Category.name, Category.slug)
    )
    return [CategoryOut.model_validate(row, from_attributes=True) for row in rows]
