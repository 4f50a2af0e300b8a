"""The monolith's forms, with WTForms: validation rules live here, not in the views.

`SearchForm` and `RecommendForm` read the query string of a GET (no CSRF: searching and asking
for recommendations change nothing).
`EnrollForm` is a POST that writes, so Flask-WTF's `FlaskForm` adds a CSRF token to it:
a page on another site cannot submit it on a visitor's behalf.

Text is stripped with Python's `str.strip()`, and the API strips the same way: a name of
whitespace only ("\x1f" included) is no name in either twin.
"""

import re
from decimal import Decimal

import email_validator
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import DecimalField, Form, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, StopValidation, ValidationError

from monolith.search import LEVELS, MAX_PAGE, MAX_QUERY_LENGTH, SearchParams

QUERY_TOO_LONG = f"Search text must be at most {MAX_QUERY_LENGTH} characters."
LEVEL_CHOICES = [SelectChoice("", "Any level")] + [
    SelectChoice(level, level.capitalize()) for level in LEVELS
]
MAX_INTERESTS_LENGTH = 500
MAX_RECOMMENDATIONS = 20
DEFAULT_RECOMMENDATIONS = 5
INTERESTS_MESSAGE = (
    f"Describe your interests in 1 to {MAX_INTERESTS_LENGTH} characters, not only spaces."
)

SORTS = {
    "relevance": "Most relevant",
    "rating": "Highest rated",
    "newest": "Newest",
    "price_asc": "Price: low to high",
    "price_desc": "Price: high to low",
}


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


_DIGITS = re.compile(r"\s*[0-9]+\s*")


class InRange:
    """An optional number from `low` to `high`, with one clear message for anything else.

    WTForms would say "Not a valid decimal value." and then also complain about the range;
    one message that says what *is* allowed helps more. Decimal also parses "inf" and "nan",
    which are neither prices nor ratings, so they fail here too.
    """

    def __init__(self, low: int, high: int, message: str) -> None:
        self.low, self.high, self.message = low, high, message

    def __call__(self, _form: Form, field: DecimalField | IntegerField) -> None:
        if not field.raw_data or not field.raw_data[0].strip():
            field.errors[:] = []
            raise StopValidation()  # left empty: no filter
        value = field.data
        if field.process_errors or value is None or not Decimal(value).is_finite():
            ok = False
        elif isinstance(field, IntegerField) and not _DIGITS.fullmatch(field.raw_data[0]):
            ok = False  # int() also reads "+3" and Arabic-Indic digits; a page is plain 0-9
        else:
            ok = self.low <= value <= self.high
        if not ok:
            field.errors[:] = []
            raise StopValidation(self.message)


class NormalisedEmail:
    """email-validator's check, as WTForms' `Email` makes it, keeping what `Email` drops: the
    address's normalised form, lowercased, which becomes the field's data.

    `normalized` is one spelling for each address however it was typed: Unicode NFC, and the
    domain lowercased and in Unicode (`xn--bcher-kva.example` becomes `bücher.example`). Its
    local part keeps its case; CourseHub lowercases it too, so `Ada@` and `ada@` are one
    person. The database's unique (course, email) then sees one address as one enrollment. The
    API stores exactly the same.
    """

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, _form: Form, field: StringField) -> None:
        try:
            address = email_validator.validate_email(field.data or "", check_deliverability=False)
        except email_validator.EmailNotValidError:
            raise ValidationError(self.message) from None
        field.data = address.normalized.lower()


class SearchForm(Form):
    """The search's query string. Every value is stripped (`str.strip()`) before it is read,
    so a blank one is absent, and a parameter given twice is refused: the API's rules."""

    q = StringField(
        "Search",
        validators=[Length(max=MAX_QUERY_LENGTH, message=QUERY_TOO_LONG)],
    )
    category = SelectField("Category", validate_choice=False)
    level = SelectField("Level", choices=LEVEL_CHOICES, validate_choice=False)
    max_price = DecimalField(
        "Max price ($)", validators=[InRange(0, 10000, "Enter a price from 0 to 10000.")]
    )
    min_rating = DecimalField(
        "Min rating", validators=[InRange(0, 5, "Enter a rating from 0 to 5.")]
    )
    sort = SelectField(
        "Sort by",
        choices=[SelectChoice(value, label) for value, label in SORTS.items()],
        validate_choice=False,
    )
    page = IntegerField(
        "Page",
        validators=[InRange(1, MAX_PAGE, f"Page must be a whole number from 1 to {MAX_PAGE}.")],
    )

    def __init__(
        self,
        formdata: MultiDict[str, str],
        *,
        category_choices: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        stripped = MultiDict([(key, value.strip()) for key, value in formdata.items(multi=True)])
        super().__init__(stripped, **kwargs)
        self.category.choices = [SelectChoice("", "All categories")] + [
            SelectChoice(value, label) for value, label in category_choices
        ]

    def validate(self, extra_validators: dict | None = None) -> bool:
        # Before any other check: the first value or the last would each be a guess, and the
        # API, which cannot check the others first, reports the repeats alone too.
        repeated = [field for field in self if len(field.raw_data or ()) > 1]
        for field in repeated:
            field.errors = [f"Give {field.name} only once."]
        return not repeated and super().validate(extra_validators)

    def validate_category(self, field: SelectField) -> None:
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(f"Unknown category '{field.data}'.")

    def validate_level(self, field: SelectField) -> None:
        if field.data and field.data not in LEVELS:
            raise ValidationError("Level must be beginner, intermediate or advanced.")

    def validate_sort(self, field: SelectField) -> None:
        if field.data and field.data not in SORTS:
            raise ValidationError(f"Sort must be one of: {', '.join(SORTS)}.")

    def to_params(self) -> SearchParams:
        return SearchParams(
            q=self.q.data or "",
            category=self.category.data or None,
            level=self.level.data or None,
            max_price=self.max_price.data,
            min_rating=self.min_rating.data,
            sort=self.sort.data or "relevance",
            page=self.page.data or 1,
        )


NAME_WITH_NUL = "Name cannot contain the NUL character (U+0000)."


def _without_nul(_form: Form, field: StringField) -> None:
    """A name is stored, and PostgreSQL's text cannot hold the character NUL (SQLite's can).
    Refused on every database, as the API does, after the other checks as the API's."""
    if not field.errors and "\x00" in (field.data or ""):
        raise ValidationError(NAME_WITH_NUL)


class EnrollForm(FlaskForm):
    name = StringField(
        "Your name",
        filters=[_strip],
        validators=[
            DataRequired("Name is required."),
            Length(max=100, message="Name must be at most 100 characters."),
            _without_nul,
        ],
    )
    email = StringField(
        "Email",
        filters=[_strip],
        validators=[
            DataRequired("Email is required."),
            Length(max=254, message="Email must be at most 254 characters."),
            NormalisedEmail("Enter a valid email address, like ada@example.com."),
        ],
    )


def _interests(_form: Form, field: StringField) -> None:
    # The ML service's rule, to the letter: 1 to 500 characters as typed, not only spaces.
    text = field.data or ""
    if not text.strip() or len(text) > MAX_INTERESTS_LENGTH:
        raise StopValidation(INTERESTS_MESSAGE)


class RecommendForm(Form):
    """The "recommend me a course" form: the student's own words, an optional level, how many."""

    interests = StringField("What do you want to learn?", validators=[_interests])
    level = SelectField("Level", choices=LEVEL_CHOICES, validate_choice=False)
    k = IntegerField(
        "How many courses",
        default=DEFAULT_RECOMMENDATIONS,
        validators=[
            InRange(
                1,
                MAX_RECOMMENDATIONS,
                f"Choose a whole number from 1 to {MAX_RECOMMENDATIONS}.",
            )
        ],
    )

    def validate_level(self, field: SelectField) -> None:
        if field.data and field.data not in LEVELS:
            raise ValidationError("Level must be beginner, intermediate or advanced.")
