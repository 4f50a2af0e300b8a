"""GET /api/v1/courses (search) and GET /api/v1/courses/{slug} (one course)."""

from math import ceil
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from decoupled.backend.db import SessionDep
from decoupled.backend.models import Category, Course
from decoupled.backend.openapi import problem_responses
from decoupled.backend.params import CourseSlug, SearchParams
from decoupled.backend.problems import ProblemError, invalid_field
from decoupled.backend.schemas import CourseOut, CoursePage
from decoupled.backend.search import search_courses

router = APIRouter(prefix="/courses", tags=["courses"])


@router.get("", summary="Search the catalog", responses=problem_responses(422))
def search(params: Annotated[SearchParams, Query()], session: SessionDep) -> CoursePage:
    """Courses matching every filter, a page at a time, in a stable order.

    A course matches `q` when every word of `q` starts some word of its title, headline,
    tags or instructor ("ai" finds "AI Agents", not "email"). An empty parameter counts as
    absent. A page past the last one is empty, not an error.
    """
    if params.category and not session.scalar(
        select(Category.id).where(Category.slug == params.category)
    ):
        raise invalid_field("category", f"Unknown category '{params.category}'.")
    result = search_courses(session, params)
    return CoursePage(
        items=[CourseOut.model_validate(course) for course in result.courses],
        total=result.total,
        page=params.page,
        per_page=params.per_page,
        pages=ceil(result.total / params.per_page),
    )


@router.get("/{slug}", summary="Read one course", responses=problem_responses(404))
def read_course(slug: CourseSlug, session: SessionDep) -> CourseOut:
    course = session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        raise ProblemError(404, f"No course with slug '{slug}'.")
    return CourseOut.model_validate(course)
