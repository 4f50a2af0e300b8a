"""The API's answers as typed Python objects: JSON in, frozen dataclasses out.

What this teaches: a client turns the wire format into its own types once, at the edge, so
the rest of the program gets `course.price` (a float) and `course.published` (a `date`)
instead of digging in dictionaries of strings. Two habits of a good API client:

- It is a *tolerant reader*: it picks out the fields it knows and ignores the rest, so the
  API can add a field to a v1 answer without breaking apps already installed on phones.
- It declares its own types instead of importing the server's: a real mobile app could not
  import `decoupled/backend/schemas.py`, only read the contract (`/docs`).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, Self

Level = Literal["beginner", "intermediate", "advanced"]
Sort = Literal["relevance", "rating", "newest", "price_asc", "price_desc"]

Json = Mapping[str, Any]


@dataclass(frozen=True)
class CategoryRef:
    """A course's category, as it appears inside a course."""

    name: str
    slug: str

    @classmethod
    def from_json(cls, data: Json) -> Self:
        return cls(name=data["name"], slug=data["slug"])


@dataclass(frozen=True)
class Category(CategoryRef):
    """A category in `GET /categories`: its slug is a value for `search(category=...)`."""

    course_count: int

    @classmethod
    def from_json(cls, data: Json) -> Self:
        return cls(name=data["name"], slug=data["slug"], course_count=data["course_count"])


@dataclass(frozen=True)
class Course:
    slug: str
    title: str
    headline: str
    description: str
    category: CategoryRef
    level: Level
    instructor: str
    price: float  # US dollars; 0 means free
    rating: float  # 0 to 5
    review_count: int
    student_count: int
    language: str
    hours: float
    tags: tuple[str, ...]
    published: date

    @classmethod
    def fields_from_json(cls, data: Json) -> dict[str, Any]:
        return {
            "slug": data["slug"],
            "title": data["title"],
            "headline": data["headline"],
            "description": data["description"],
            "category": CategoryRef.from_json(data["category"]),
            "level": data["level"],
            "instructor": data["instructor"],
            "price": float(data["price"]),
            "rating": float(data["rating"]),
            "review_count": data["review_count"],
            "student_count": data["student_count"],
            "language": data["language"],
            "hours": float(data["hours"]),
            "tags": tuple(data["tags"]),
            "published": date.fromisoformat(data["published"]),
        }

    @classmethod
    def from_json(cls, data: Json) -> Self:
        return cls(**cls.fields_from_json(data))


@dataclass(frozen=True)
class PartnerCourse(Course):
    """A course in the partner feed: the public fields, and when it last changed."""

    updated_at: datetime

    @classmethod
    def from_json(cls, data: Json) -> Self:
        # "2026-01-31T09:00:00Z": Python 3.11's fromisoformat reads the "Z" as UTC.
        return cls(
            **cls.fields_from_json(data), updated_at=datetime.fromisoformat(data["updated_at"])
        )


@dataclass(frozen=True)
class CoursePage:
    """One page of search results, and where it sits among all of them."""

    items: tuple[Course, ...]
    total: int  # courses matching, on all pages
    page: int
    per_page: int
    pages: int  # 0 when nothing matches

    @classmethod
    def from_json(cls, data: Json) -> Self:
        return cls(
            items=tuple(Course.from_json(item) for item in data["items"]),
            total=data["total"],
            page=data["page"],
            per_page=data["per_page"],
            pages=data["pages"],
        )


@dataclass(frozen=True)
class Enrollment:
    """The answer to an enrolment: only its sender ever sees the email in it."""

    id: int
    course: str  # the course's slug
    name: str
    email: str
    created_at: datetime

    @classmethod
    def from_json(cls, data: Json) -> Self:
        return cls(
            id=data["id"],
            course=data["course"],
            name=data["name"],
            email=data["email"],
            created_at=datetime.fromisoformat(data["created_at"]),
        )


@dataclass(frozen=True)
class CourseStats:
    slug: str
    title: str
    enrollments: int

    @classmethod
    def from_json(cls, data: Json) -> Self:
        return cls(slug=data["slug"], title=data["title"], enrollments=data["enrollments"])


@dataclass(frozen=True)
class PartnerStats:
    """Enrolment counts for a partner: numbers only, never a name or an email."""

    courses: int
    enrollments: int
    by_course: tuple[CourseStats, ...]  # most enrolments first

    @classmethod
    def from_json(cls, data: Json) -> Self:
        return cls(
            courses=data["courses"],
            enrollments=data["enrollments"],
            by_course=tuple(CourseStats.from_json(row) for row in data["by_course"]),
        )


# --- the ML service's answers (see ml.py) -------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    """A course the ML service recommends: what its model knows of the course, and a score.

    Fewer fields than a catalog `Course`: the ML service has no database, only what its
    model keeps of each course. Ask the catalog API (`Client.course`) for the rest.
    """

    slug: str
    title: str
    level: Level
    price: float  # US dollars; 0 means free
    rating: float  # 0 to 5
    category: str  # the category's name (not its slug)
    # How well it fits, higher first. The scale depends on the model the service runs
    # (`GET /v1/model`): a cosine similarity from 0 to 1, or a rating from 0 to 5.
    score: float

    @classmethod
    def from_json(cls, data: Json) -> Self:
        return cls(
            slug=data["slug"],
            title=data["title"],
            level=data["level"],
            price=float(data["price"]),
            rating=float(data["rating"]),
            category=data["category"],
            score=float(data["score"]),
        )
