"""The API's answers as typed Python objects: JSON in, frozen pydantic models out.

What this teaches: a client turns the wire format into its own types once, at the edge, so
the rest of the program gets `course.price` (a float) and `course.published` (a `date`)
instead of digging in dictionaries of strings. Three habits of a good API client:

- It is a *tolerant reader*: it picks out the fields it knows and ignores the rest
  (`extra="ignore"`), so the API can add a field to a v1 answer without breaking apps
  already installed on phones.
- It fails loudly on what it cannot read: an answer in another shape (say, from `/api/v2`,
  where a price is `{"amount": "84.99", "currency": "USD"}`) raises `UnexpectedAnswer`,
  naming the field, instead of a `KeyError` deep inside the app.
- It declares its own types instead of importing the server's: a real mobile app could not
  import `decoupled/backend/schemas.py`, only read the contract (`/docs`).
"""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, ValidationError

from decoupled.client.errors import UnexpectedAnswer

Level = Literal["beginner", "intermediate", "advanced"]
Sort = Literal["relevance", "rating", "newest", "price_asc", "price_desc"]


class Answer(BaseModel):
    """What every answer model shares: frozen, tolerant of new fields, strict about its own."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        try:
            return cls.model_validate(data)
        except ValidationError as error:
            # "items.*.price", once, rather than the same problem for each of 12 courses.
            problems = {
                ".".join("*" if isinstance(part, int) else part for part in e["loc"])
                + f": {e['msg']}": None
                for e in error.errors(include_url=False)
            }
            raise UnexpectedAnswer(cls.__name__, list(problems)) from None


class CategoryRef(Answer):
    """A course's category, as it appears inside a course."""

    name: str
    slug: str


class Category(CategoryRef):
    """A category in `GET /categories`: its slug is a value for `search(category=...)`."""

    course_count: int


class Course(Answer):
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


class PartnerCourse(Course):
    """A course in the partner feed: the public fields, and when it last changed."""

    updated_at: datetime  # "2026-01-31T09:00:00Z", read as a time in UTC


class CoursePage(Answer):
    """One page of search results, and where it sits among all of them."""

    items: tuple[Course, ...]
    total: int  # courses matching, on all pages
    page: int
    per_page: int
    pages: int  # 0 when nothing matches


class Enrollment(Answer):
    """The answer to an enrollment: what its sender sent, the same for a first enrollment and a
    repeat (the API never says whether an address was enrolled before)."""

    course: str  # the course's slug
    name: str
    email: str  # normalised, as stored


class CourseStats(Answer):
    slug: str
    title: str
    enrollments: int


class PartnerStats(Answer):
    """Enrollment counts for a partner: numbers only, never a name or an email."""

    courses: int
    enrollments: int
    by_course: tuple[CourseStats, ...]  # most enrollments first


# --- the ML service's answers (see ml.py) -------------------------------------------------


class Recommendation(Answer):
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
