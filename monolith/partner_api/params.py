"""The partner feed's query parameters, checked by pydantic before the view queries anything.

What this teaches: an API states its rules for input and refuses anything else with a 422
naming the field. The rules (and so the messages) are the catalog API's: `limit` 1 to 100,
`cursor` a course id from the previous page, `updated_since` an RFC 3339 time with its offset.
The monolith's HTML forms use WTForms; for JSON input pydantic is the tool the field uses.
"""

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, BeforeValidator, Field, ValidationError
from pydantic_core import PydanticCustomError
from werkzeug.datastructures import MultiDict

from monolith.partner_api.problems import ProblemError


def _rfc3339(value: Any) -> Any:
    # pydantic would also read "1700000000" as a Unix time; the contract says RFC 3339.
    if isinstance(value, str) and not re.match(r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d", value):
        raise PydanticCustomError("datetime_format", "Use a date-time like 2025-01-31T09:00:00Z.")
    return value


class FeedParams(BaseModel):
    updated_since: Annotated[AwareDatetime, BeforeValidator(_rfc3339)] | None = None
    cursor: int | None = Field(None, ge=0, le=2**63 - 1)
    limit: int = Field(100, ge=1, le=100)

    def updated_since_utc(self) -> datetime | None:
        """`updated_since` as the naive UTC time the database keeps."""
        if self.updated_since is None:
            return None
        try:
            return self.updated_since.astimezone(UTC).replace(tzinfo=None)
        except OverflowError:  # e.g. 9999-12-31T23:00-05:00 is past year 9999 in UTC
            return datetime.max if self.updated_since.year == datetime.max.year else datetime.min


def read_feed_params(args: MultiDict[str, str]) -> FeedParams:
    """The query string as `FeedParams`, or a 422 problem listing each bad field."""
    # A repeated parameter counts once, by its last value, as in the catalog API.
    try:
        return FeedParams.model_validate({key: values[-1] for key, values in args.lists()})
    except ValidationError as error:
        errors = [
            {"field": ".".join(str(part) for part in e["loc"]), "message": e["msg"]}
            for e in error.errors()
        ]
        detail = " ".join(f"{e['field']}: {e['message']}" for e in errors)
        raise ProblemError(422, detail, errors=errors) from None
