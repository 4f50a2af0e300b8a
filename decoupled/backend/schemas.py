"""The shapes of the API's requests and responses: its public contract, as pydantic models.

What this teaches: schemas are not database models. A schema lists exactly what a client may
send or will get back, and FastAPI uses it three times: to validate input (422 otherwise), to
filter output (a column not listed here can never leak), and to write the OpenAPI document.
"""

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

import email_validator
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from decoupled.backend.params import EXAMPLE_SLUG, Level, strip_text


def _as_utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# The database keeps naive UTC times; clients get them with their offset ("...Z").
UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


class CategoryRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str = Field(examples=["AI & Machine Learning"])
    slug: str = Field(examples=["ai-machine-learning"])


class CategoryOut(CategoryRef):
    course_count: int = Field(ge=0)


class CourseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    slug: str = Field(examples=[EXAMPLE_SLUG])
    title: str
    headline: str
    description: str
    category: CategoryRef
    level: Level
    instructor: str
    price: float = Field(ge=0, description="US dollars; 0 means free.", examples=[19.99])
    rating: float = Field(ge=0, le=5)
    review_count: int = Field(ge=0)
    student_count: int = Field(ge=0)
    language: str
    hours: float
    tags: list[str]
    published: date


class CoursePage(BaseModel):
    items: list[CourseOut]
    total: int = Field(ge=0, description="Courses matching the search, on all pages.")
    page: int
    per_page: int
    pages: int = Field(ge=0, description="Number of pages (0 when nothing matches).")


def _valid_email(value: str) -> str:
    """The address as stored: email-validator's normalised form, lowercased.

    `normalized` is one spelling for each address however it was typed: Unicode NFC (so a
    composed "ë" and "e" plus a combining diaeresis are one letter), and the domain lowercased
    and in Unicode (`xn--bcher-kva.example` becomes `bücher.example`). Its local part keeps its
    case, which mail servers may heed; CourseHub lowercases it too, so that `Ada@` and `ada@`
    are one person. The monolith stores exactly the same.
    """
    try:
        address = email_validator.validate_email(value, check_deliverability=False)
    except email_validator.EmailNotValidError:
        raise PydanticCustomError(
            "email_invalid", "Enter a valid email address, like ada@example.com."
        ) from None
    return address.normalized.lower()


NAME_WITH_NUL = "Name cannot contain the NUL character (U+0000)."


def _without_nul(value: str) -> str:
    """A name is stored, and PostgreSQL's text cannot hold the character NUL (SQLite's can).
    Refused on every database, and by the monolith too, so both twins answer alike on either."""
    if "\x00" in value:
        raise PydanticCustomError("name_nul", NAME_WITH_NUL)
    return value


def _any_case(word: str) -> str:
    return "".join(f"[{letter}{letter.upper()}]" for letter in word)


# What the document says an email is: not `format: email`, which allows addresses the API
# refuses (x@y.test), so a client or a contract test making "valid" emails from the document
# got 422s. This pattern is email-validator's rules for plain-ASCII addresses, kept within its
# lengths: a dot-separated local part of at most 64 characters; domain labels of letters,
# digits and single hyphens (the library refuses "ab--" outside Punycode); a top-level domain
# of letters that is none of the library's reserved names (test, local, ...). Every address it
# matches is accepted; the API also takes some it does not (longer parts, more hyphens,
# non-ASCII letters), as the description says.
_ATEXT = "A-Za-z0-9!#$%&'*+/=?^_`{|}~-"
_RESERVED = "|".join(map(_any_case, email_validator.SPECIAL_USE_DOMAIN_NAMES))
EMAIL_PATTERN = (
    rf"^[{_ATEXT}]{{1,20}}(\.[{_ATEXT}]{{1,21}}){{0,2}}"
    r"@([A-Za-z0-9]{1,20}(-[A-Za-z0-9]{1,20}){0,2}\.){1,3}"
    rf"(?!({_RESERVED})$)[A-Za-z]{{2,24}}$"
)


class EnrollmentIn(BaseModel):
    # strip_text, not strip_whitespace: the monolith's rule, so a name of "\x1f" is refused
    # by both twins.
    name: Annotated[
        str,
        StringConstraints(min_length=1, max_length=100),
        AfterValidator(_without_nul),
        BeforeValidator(strip_text),
    ] = Field(
        description="Your name, without the NUL character. Spaces around it are dropped.",
        json_schema_extra={"pattern": "^[^\\x00]*$"},
    )
    email: Annotated[
        str,
        StringConstraints(min_length=1, max_length=254),
        AfterValidator(_valid_email),
        BeforeValidator(strip_text),
        WithJsonSchema({"type": "string", "maxLength": 254, "pattern": EMAIL_PATTERN}),
    ] = Field(
        description="At most 254 characters, checked by the email-validator package (no DNS "
        "look-up), which refuses reserved domains such as .test. Every address the pattern "
        "matches is accepted; so are some it leaves out, such as ones with letters like é. "
        "Stored in its normalised form, lowercased, so one address typed two ways is one "
        "enrollment; never shown."
    )

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "Ada Lovelace", "email": "ada@example.com"}]}
    )


class EnrollmentOut(BaseModel):
    """Sent only to the person who enrolled: what they sent, so it may show their own email.

    The same for a first enrollment and a repeat (see routes/enrollments.py): no field may
    come from the stored row."""

    course: str = Field(description="The course's slug.")
    name: str = Field(description="The name as sent, spaces around it dropped.")
    email: str = Field(description="The email in the normalised form it is stored in.")


class FieldError(BaseModel):
    field: str = Field(examples=["email"])
    message: str = Field(examples=["Enter a valid email address, like ada@example.com."])


class Problem(BaseModel):
    """An error, as RFC 9457 "problem details" (served as `application/problem+json`)."""

    type: str = Field("about:blank", description="`about:blank`: the status code says it all.")
    title: str = Field(description="The HTTP status phrase.", examples=["Not Found"])
    status: int = Field(examples=[404])
    detail: str = Field(description="What went wrong, for a human.")
    errors: list[FieldError] | None = Field(None, description="Only for 422: each bad field.")


class PartnerCourse(CourseOut):
    updated_at: UtcDatetime = Field(description="When this course last changed.")


class PartnerFeed(BaseModel):
    items: list[PartnerCourse]
    next_cursor: int | None = Field(description="The `cursor` for the next page; null at the end.")


class CourseStats(BaseModel):
    slug: str
    title: str
    enrollments: int = Field(ge=0)


class PartnerStats(BaseModel):
    courses: int = Field(ge=0, description="Courses in the catalog.")
    enrollments: int = Field(ge=0, description="Enrollments on all courses.")
    by_course: list[CourseStats] = Field(description="Most enrollments first, then by slug.")


# --- Version 2 of the contract (/api/v2) -------------------------------------------------------
# One breaking change: a price is no longer a bare number of dollars but an amount and its
# currency, the amount as exact decimal text, so no client rounds it through a float and other
# currencies need no third version. Everything else is version 1's, field for field.


def _money_from_dollars(value: Any) -> Any:
    """A course's price in dollars (what the database and version 1 give) as a v2 `Money`."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return {"amount": f"{Decimal(str(value)):.2f}", "currency": "USD"}
    return value


class Money(BaseModel):
    amount: str = Field(
        pattern=r"^[0-9]+\.[0-9]{2}$",
        description='The amount, as exact decimal text with two decimals; "0.00" means free.',
        examples=["84.99"],
    )
    currency: Literal["USD"] = Field("USD", description="ISO 4217 code; always USD today.")


class CourseOutV2(CourseOut):
    price: Annotated[Money, BeforeValidator(_money_from_dollars)]  # type: ignore[assignment]


class CoursePageV2(CoursePage):
    items: list[CourseOutV2]  # type: ignore[assignment]


class PartnerCourseV2(CourseOutV2):
    updated_at: UtcDatetime = Field(description="When this course last changed.")


class PartnerFeedV2(PartnerFeed):
    items: list[PartnerCourseV2]  # type: ignore[assignment]


class Health(BaseModel):
    status: Literal["ok"] = "ok"
