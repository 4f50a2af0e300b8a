"""GET /courses (search) and GET /courses/{slug} (one course), in both versions of the API.

Version 2 serves the very same functions: each is registered on `router` (mounted under
/api/v1) and on `router_v2` (under /api/v2) with v2's schema, which shapes the same data into
v2's answer (a price as `{"amount": "84.99", "currency": "USD"}`). One function, two contracts.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select

from decoupled.backend.db import SessionDep, same_text
from decoupled.backend.models import Category, Course
from decoupled.backend.openapi import problem_responses
from decoupled.backend.params import CourseSlug, SearchParams, search_given_once
from decoupled.backend.problems import ProblemError, invalid_field
from decoupled.backend.rate_limits import limit_searches
from decoupled.backend.schemas import CourseOut, CourseOutV2, CoursePage, CoursePageV2
from decoupled.backend.search import search_courses

router = APIRouter(prefix="/courses", tags=["courses"])
router_v2 = APIRouter(prefix="/courses", tags=["courses"])

SEARCH = {
    "summary": "Search the catalog",
    "name": "search_courses",  # the operation id's end: v1_search_courses (openapi.py)
    "responses": problem_responses(422, 429),
    # Refuse a repeated parameter, then count the search against the address's limit.
    "dependencies": [Depends(search_given_once), Depends(limit_searches)],
}
READ = {"summary": "Read one course", "responses": problem_responses(404)}


@router_v2.get("", response_model=CoursePageV2, **SEARCH)
@router.get("", **SEARCH)
def search(params: Annotated[SearchParams, Query()], session: SessionDep) -> CoursePage:
    """Courses matching every filter, a page at a time, in a stable order.

    A course matches `q` when every word of `q` starts some word of its title, headline,
    tags or instructor ("ai" finds "AI Agents", not "email"). An empty parameter counts as
    absent; one given twice is refused. A page past the last one is empty, not an error.
    """
    if params.category and not session.scalar(
        select(Category.id).where(same_text(Category.slug, params.category))
    ):
        raise invalid_field("category", f"Unknown category '{params.category}'.")
    result = search_courses(session, params)
    return CoursePage(
        items=[CourseOut.model_validate(course) for course in result.courses],
        total=result.total,
        page=result.page,
        per_page=params.per_page,
        pages=result.pages,
    )


@router_v2.get("/{slug}", response_model=CourseOutV2, **READ)
@router.get("/{slug}", **READ)
def read_course(slug: CourseSlug, session: SessionDep) -> CourseOut:
    course = session.scalar(select(Course).where(same_text(Course.slug, slug)))
    if course is None:
        raise ProblemError(404, f"No course with slug '{slug}'.")
    return CourseOut.model_validate(course)
