"""Our own format: one CSV row per course, the same whichever way we got the data.

What this teaches: the columns are what *both* sources can give us. The API could tell us far
more (description, hours, language, tags...), but a search-results page shows only what fits
on a card, and scraping 256 course pages to get the rest would cost 256 more requests each
night. So the scraper's limits set the shape of our whole product. Numbers are written the
way the web page shows them (price to the cent, rating to one decimal), for the same reason.

Every row is checked before anything is written, and the file is replaced in one step (write
a temporary file, then rename it over the old one). A run that fails halfway leaves
yesterday's file exactly as it was: a stale catalog is bad, a half-empty or garbled one is
worse, because the comparison site would show it to customers.
"""

import csv
import os
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from decimal import Decimal
from pathlib import Path

LEVELS = frozenset({"beginner", "intermediate", "advanced"})


class InvalidCourse(ValueError):
    """A record that does not make sense: we would rather stop than publish it."""


@dataclass(frozen=True)
class CourseRow:
    slug: str
    title: str
    headline: str
    instructor: str
    category: str  # the category's name, as a visitor reads it
    level: str  # beginner, intermediate or advanced
    price: Decimal  # US dollars, 0 when free
    rating: Decimal  # 0 to 5, one decimal
    review_count: int

    def __post_init__(self) -> None:
        for name in ("slug", "title", "headline", "instructor", "category"):
            if not getattr(self, name).strip():
                raise InvalidCourse(f"{name} is empty")
        if self.level not in LEVELS:
            raise InvalidCourse(f"level {self.level!r} is not one of {', '.join(sorted(LEVELS))}")
        if not (self.price.is_finite() and self.price >= 0):
            raise InvalidCourse(f"price {self.price} is not a price")
        if not (self.rating.is_finite() and 0 <= self.rating <= 5):
            raise InvalidCourse(f"rating {self.rating} is not from 0 to 5")
        if self.review_count < 0:
            raise InvalidCourse(f"review count {self.review_count} is negative")

    def as_csv(self) -> list[str]:
        values = dict(zip(COLUMNS, astuple(self), strict=True))
        values["price"] = f"{self.price:.2f}"
        values["rating"] = f"{self.rating:.1f}"
        return [str(value) for value in values.values()]


COLUMNS = tuple(field.name for field in fields(CourseRow))


def write_csv(rows: Iterable[CourseRow], path: Path) -> int:
    """Write the rows, sorted by slug, replacing `path` only once all is written.

    Returns the number of rows. Raises InvalidCourse (and writes nothing) if two rows share
    a slug: that means the source changed under us while we read it.
    """
    ordered = sorted(rows, key=lambda row: row.slug)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.slug == after.slug:
            raise InvalidCourse(f"the course {before.slug!r} appears twice")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with open(handle, "w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, lineterminator="\n")
            writer.writerow(COLUMNS)
            writer.writerows(row.as_csv() for row in ordered)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; our catalog is not secret
        os.replace(temporary, path)  # atomic: a reader sees the old file or the new one
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(ordered)


def report_nothing_written(what: str, error: Exception, out: Path) -> int:
    """Say why nothing was written and that an earlier CSV is untouched; the exit status."""
    kept = f"the existing {out} is unchanged" if out.exists() else f"there is no {out}"
    print(f"{what} FAILED: {error}", file=sys.stderr)
    print(f"Nothing was written: {kept}.", file=sys.stderr)
    return 1
