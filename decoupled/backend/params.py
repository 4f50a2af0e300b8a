"""What clients may put in a query string, as pydantic models.

What this teaches: FastAPI can read a whole group of query parameters into one model
(`params: Annotated[SearchParams, Query()]`), so the rules for each (types, ranges, allowed
values) sit together here, are checked before the route runs (a 422 otherwise) and appear
in the OpenAPI document. The monolith's search form follows the same rules (tests/parity/ checks).

Two rules come first, in both twins: each value is stripped as Python's `str.strip()` strips
(pydantic's own `strip_whitespace` keeps the separators \x1c-\x1f), and a parameter given
twice is refused. FastAPI alone would quietly keep the last of `?q=ai&q=python` and WTForms
the first, so the twins answered two different searches; now neither guesses.
"""

import re
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from fastapi import Path, Request
from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from decoupled.backend.problems import ProblemError, summary

EXAMPLE_SLUG = "build-ai-agents-with-python-from-zero-to-your-first-agent"
# A course's slug in a path; the example pre-fills /docs' "Try it out" with a real course.
CourseSlug = Annotated[str, Path(description="The course's slug.", examples=[EXAMPLE_SLUG])]


# A class, not a `Literal`: the document then defines it once, as the `Level` schema, and a
# generated client gets one type for the search filter and for every course's field.
class Level(StrEnum):
    """A course's level."""

    beginner = "beginner"
    intermediate = "intermediate"
    advanced = "advanced"


Sort = Literal["relevance", "rating", "newest", "price_asc", "price_desc"]
# Decimal, not float, so "19.99" means 19.99 exactly; documented as a plain number.
Price = Annotated[
    Decimal,
    Field(ge=0, le=10000),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 10000}),
]


def strip_text(value: Any) -> Any:
    """Text without the whitespace around it, as Python's `str.strip()` (and the monolith) sees
    whitespace: pydantic's `strip_whitespace` would keep "\x1f", so a name of it would pass."""
    return value.strip() if isinstance(value, str) else value


def _digits_only(value: Any) -> Any:
    # int() would also take "+3", "3.0" or Arabic-Indic digits; a page number is plain 0-9.
    if isinstance(value, str) and not re.fullmatch(r"[0-9]+", value.strip()):
        raise PydanticCustomError("int_parsing", "Pages are whole numbers from 1 to 1000.")
    return value


PageNumber = Annotated[int, Field(ge=1, le=1000), BeforeValidator(_digits_only)]
Rating = Annotated[
    Decimal, Field(ge=0, le=5), WithJsonSchema({"type": "number", "minimum": 0, "maximum": 5})
]


class QueryModel(BaseModel):
    """Query parameters read as HTML forms send them: each value stripped (`strip_text`), and
    an empty (or blank) value means "not given".

    The search rules ask this (the monolith's search is an HTML form, which sends blanks), so
    both twins read `?q=&level=%20beginner` alike; the partner feed, for programs only, takes
    values as they are.
    """

    @model_validator(mode="before")
    @classmethod
    def stripped_and_empty_means_absent(cls, data: Any) -> Any:
        if isinstance(data, dict):
            stripped = {key: strip_text(value) for key, value in data.items()}
            return {key: value for key, value in stripped.items() if value != ""}
        return data


class SearchParams(QueryModel):
    q: Annotated[str, StringConstraints(max_length=200)] = Field(
        "", description="Words to find: each must start a word of the course.", examples=["ai"]
    )
    # Not an enum: the categories are data, and the contract must not change when they do.
    category: str | None = Field(
        None,
        description="A category's slug, one of those `GET /categories` lists; "
        "an unknown one is a 422 that names it.",
        examples=["ai-machine-learning"],
    )
    level: Level | None = None
    max_price: Price | None = Field(None, description="Highest price, in US dollars.")
    min_rating: Rating | None = Field(None, description="Lowest rating, 0 to 5.")
    sort: Sort = "relevance"
    page: PageNumber = Field(1, description="Page number; past the last page is empty.")
    per_page: int = Field(12, ge=1, le=100, description="Courses per page.")


async def search_given_once(request: Request) -> None:
    """Refuse a search that gives a parameter more than once, naming each one (a 422).

    A dependency, since by the time `SearchParams` sees the query string FastAPI has kept
    only each parameter's last value. It runs before the parameters are checked, so a
    repeated one is the only error reported, as in the monolith. `async def`, though it
    awaits nothing: FastAPI runs a plain `def` dependency in a worker thread, and handing
    work to a thread and back costs more than these few lines (lesson 10).
    """
    errors = [
        {"field": name, "message": f"Give {name} only once."}
        for name in SearchParams.model_fields
        if len(request.query_params.getlist(name)) > 1
    ]
    if errors:
        raise ProblemError(422, summary(errors), errors=errors)


def _rfc3339(value: Any) -> Any:
    # pydantic would also read "1700000000" as a Unix time; the contract says RFC 3339.
    if isinstance(value, str) and not re.match(r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d", value):
        raise PydanticCustomError("datetime_format", "Use a date-time like 2025-01-31T09:00:00Z.")
    return value


class FeedParams(BaseModel):
    updated_since: Annotated[AwareDatetime, BeforeValidator(_rfc3339)] | None = Field(
        None, description="Only courses changed at or after this time (RFC 3339, with offset)."
    )
    cursor: int | None = Field(
        None, ge=0, le=2**63 - 1, description="`next_cursor` from the previous page."
    )
    limit: int = Field(100, ge=1, le=100, description="Courses per page.")

    @field_validator("updated_since")
    @classmethod
    def to_naive_utc(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        try:
            return value.astimezone(UTC).replace(tzinfo=None)
        except OverflowError:  # e.g. 9999-12-31T23:00-05:00 is past year 9999 in UTC
            return datetime.max if value.year == datetime.max.year else datetime.min
