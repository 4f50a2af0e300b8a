"""The shapes of the ML service's requests and responses: its public contract.

What this teaches: the contract is about recommendations, not about a model. Both models
answer with exactly these shapes, so a client written against them keeps working when the
service swaps `MODEL=popularity` for `MODEL=content`. Only `GET /v1/model` says which one
is behind the API, and the `score` scale, which it describes.
"""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError


# Classes, not `Literal`s: the document then defines each once, as the `ModelName` and `Level`
# schemas, and a generated client gets one type wherever the field appears. config.py's
# `MODEL=` setting takes its values from `ModelName`.
class ModelName(StrEnum):
    """A model the service can answer with: `popularity` (the baseline) or `content`."""

    popularity = "popularity"
    content = "content"


class Level(StrEnum):
    """A course's level."""

    beginner = "beginner"
    intermediate = "intermediate"
    advanced = "advanced"


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("string_blank", "Interests cannot be only spaces.")
    return value


def _a_json_number(value: object) -> object:
    # Pydantic would read "5" and true as 5 and 1; in JSON those are text and a boolean.
    if isinstance(value, str | bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


Interests = Annotated[
    str, StringConstraints(min_length=1, max_length=500), AfterValidator(_not_blank)
]
HowMany = Annotated[int, Field(ge=1, le=20), BeforeValidator(_a_json_number)]


class RecommendationRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"interests": "I want to build AI agents", "level": "beginner", "k": 5}]
        },
    )

    interests: Interests = Field(
        description="What you want to learn, in your own words (1 to 500 characters).",
        json_schema_extra={"pattern": r"\S"},  # documents "not only spaces"
    )
    level: Level | None = Field(None, description="Only courses at this level.")
    k: HowMany = Field(5, description="How many courses to return, at most.")


class RecommendedCourse(BaseModel):
    slug: str = Field(examples=["build-ai-agents-with-python-from-zero-to-your-first-agent"])
    title: str = Field(examples=["Build AI Agents with Python: From Zero to Your First Agent"])
    level: Level
    price: float = Field(ge=0, description="US dollars; 0 means free.", examples=[19.99])
    rating: float = Field(ge=0, le=5, examples=[4.7])
    category: str = Field(description="The category's name.", examples=["AI & Machine Learning"])
    score: float = Field(
        ge=0,
        description="How well the course fits; higher first. Its scale depends on the model "
        "(see `GET /v1/model`): cosine similarity 0 to 1, or a rating 0 to 5.",
        examples=[0.3021],
    )


class Recommendations(BaseModel):
    model: ModelName = Field(description="The model that ranked these courses.")
    items: list[RecommendedCourse] = Field(
        description="Best first; ties in slug order. May hold fewer than `k`, even none, when "
        "fewer courses match."
    )


class Evaluation(BaseModel):
    queries: int = Field(ge=0, description="Hand-labelled interest queries it was scored on.")
    precision_at_5: float = Field(ge=0, le=1, description="Share of the top 5 that is relevant.")
    ndcg_at_5: float = Field(ge=0, le=1, description="Ranking quality of the top 5 (1 = ideal).")


class Dataset(BaseModel):
    file: str = Field(examples=["data/courses.json"])
    sha256: str = Field(description="SHA-256 of the dataset file the model learnt from.")


class ModelInfo(BaseModel):
    model: ModelName
    version: str = Field(description="Version of the model's code and artifact format.")
    description: str
    trained_at: datetime
    dataset: Dataset
    courses: int = Field(ge=0, description="Courses the model knows.")
    artifacts: dict[str, str] = Field(description="Each artifact file and its SHA-256.")
    evaluation: Evaluation
    libraries: dict[str, str] = Field(description="Versions of the libraries that trained it.")


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    model: ModelName = Field(description="The model loaded at start-up.")


class FieldError(BaseModel):
    field: str = Field(examples=["k"])
    message: str = Field(examples=["k must be a whole number from 1 to 20."])


class Problem(BaseModel):
    """An error, as RFC 9457 "problem details" (served as `application/problem+json`)."""

    type: str = Field("about:blank", description="`about:blank`: the status code says it all.")
    title: str = Field(description="The HTTP status phrase.", examples=["Not Found"])
    status: int = Field(examples=[404])
    detail: str = Field(description="What went wrong, for a human.")
    errors: list[FieldError] | None = Field(None, description="Only for 422: each bad field.")
