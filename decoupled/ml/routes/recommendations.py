"""POST /v1/recommendations (from interests) and GET /v1/courses/{slug}/similar."""

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query

from decoupled.ml.deps import ModelDep
from decoupled.ml.openapi import problem_responses
from decoupled.ml.problems import ProblemError
from decoupled.ml.recommender import Scored, UnknownCourseError
from decoupled.ml.schemas import RecommendationRequest, Recommendations, RecommendedCourse

router = APIRouter(prefix="/v1", tags=["recommendations"])


def as_response(model_name: str, ranked: list[Scored]) -> Recommendations:
    items = [
        RecommendedCourse(**asdict(s.course), score=round(s.score, 4))  # type: ignore[arg-type]
        for s in ranked
    ]
    return Recommendations(model=model_name, items=items)  # type: ignore[arg-type]


@router.post(
    "/recommendations",
    summary="Recommend courses for your interests",
    name="recommend_courses",  # the operation id's end: v1_recommend_courses (openapi.py)
    # 400: a body that is not even text (FastAPI cannot decode it).
    responses=problem_responses(400, 422),
)
def recommend(request: RecommendationRequest, model: ModelDep) -> Recommendations:
    """Up to `k` courses that fit the interests you describe, best first, at `level` if
    given. The model answers from what it learnt at training: nothing is looked up in a
    database, and the same input always gives the same list.
    """
    return as_response(model.name, model.recommend(request.interests, request.level, request.k))


@router.get(
    "/courses/{slug}/similar",
    summary="Courses like this one",
    name="similar_courses",
    responses=problem_responses(404, 422, field="k"),
)
def similar(
    slug: str,
    model: ModelDep,
    k: Annotated[int, Query(ge=1, le=20, description="How many courses, at most.")] = 5,
) -> Recommendations:
    """Up to `k` other courses most like the course `slug`, best first ("students who liked
    this also liked"). A 404 problem when the model does not know the course.
    """
    try:
        return as_response(model.name, model.similar(slug, k))
    except UnknownCourseError as exc:
        raise ProblemError(404, str(exc)) from None
