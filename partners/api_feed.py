"""Approach 2: read CourseHub's partner feed, with our API key, into the same CSV.

    PARTNER_API_KEY=... python -m partners.api_feed [--out var/partner-api.csv]   # make partner-api

CourseHub also runs a catalog API, and gave us a key for its partner feed
(`GET /api/v1/partner/courses`). We call it through their published Python client,
`decoupled.client.Client`, exactly as their documentation shows: the client walks the feed's
pages for us (100 courses each, a cursor from one page to the next) and hands back typed
objects, so this file has no HTML, no regular expressions and no CSS selectors in it.

What this costs us, compared with scraping (`scrape_monolith`):

- **Permission.** We need a key, so we need an agreement with CourseHub, and they can see
  (and limit: 60 requests a minute) what we do. A scraper asks nobody.
- **A dependency on their release schedule.** We get the fields the contract offers, in
  `/api/v1`; a new field appears only when they add it.

What it buys us:

- **A contract.** The paths and the JSON are documented (their `/docs`) and versioned
  (`/api/v1`). Their web designers can rebuild every page of the storefront, and this
  program does not notice: it never sees a page. A breaking change would come as `/api/v2`,
  announced, with `/api/v1` kept running while we move.
- **Data, not display.** Prices are numbers (0, not "Free"), counts are integers, and the
  level is `"beginner"`, not a capitalised label to lowercase back.
- **Three requests instead of 22,** a stable order (no course seen twice while the catalog
  changes), and `updated_since` to fetch only what changed since our last run.
- **Errors that say what is wrong:** a wrong key is a 401 with a message, not a login page
  that a scraper would happily parse as "zero courses".

The key comes from the environment variable PARTNER_API_KEY, never from the command line
(where it would end up in the shell's history and in `ps`); API_URL says where the API is
(default http://127.0.0.1:$API_PORT, port 8000 unless set). On any failure the CSV of the last
good run is untouched.
"""

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from decoupled.client import ApiError, ApiUnavailable, Client, PartnerCourse, Unauthorized
from partners.courses_csv import CourseRow, InvalidCourse, report_nothing_written, write_csv

DEFAULT_API = "http://127.0.0.1:8000"
DEFAULT_OUT = Path("var/partner-api.csv")


class FeedFailed(Exception):
    """We could not read the feed; the message says why and what to do."""


def to_row(course: PartnerCourse) -> CourseRow:
    """A course of the feed in our CSV's shape: a few fields of the many the feed offers."""
    return CourseRow(
        slug=course.slug,
        title=course.title,
        headline=course.headline,
        instructor=course.instructor,
        category=course.category.name,
        level=course.level,
        # str() first: Decimal(19.99) would be 19.989999999999998436805981327779591083526611328125
        price=Decimal(str(course.price)),
        rating=Decimal(str(course.rating)),
        review_count=course.review_count,
    )


def rows_from(courses: Iterable[PartnerCourse]) -> list[CourseRow]:
    rows = []
    for course in courses:
        try:
            rows.append(to_row(course))
        except InvalidCourse as error:
            raise InvalidCourse(f"{course.slug}: {error}") from None
    return rows


def read_feed(api_url: str, api_key: str, *, timeout: float = 10.0) -> list[CourseRow]:
    """Every course of the partner feed, as CSV rows."""
    try:
        with Client(api_url, api_key=api_key, timeout=timeout) as api:
            return rows_from(api.partner_courses())
    except Unauthorized as error:
        raise FeedFailed(
            f"The API refused our key: {error.detail} Check PARTNER_API_KEY "
            "(CourseHub makes keys with `make partner-key NAME=...`)."
        ) from error
    except ApiUnavailable as error:
        raise FeedFailed(f"{error} Set API_URL if it is somewhere else.") from error
    except ApiError as error:
        raise FeedFailed(f"The API answered an error: {error}") from error


def default_api_url() -> str:
    """$API_URL, else the API on this machine at $API_PORT: the rule `make` follows too."""
    port = os.environ.get("API_PORT", "").strip()
    return os.environ.get("API_URL", "").strip() or (
        f"http://127.0.0.1:{port}" if port else DEFAULT_API
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m partners.api_feed",
        description="Read CourseHub's partner feed (needs PARTNER_API_KEY) into a CSV of courses.",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default: {DEFAULT_OUT}")
    parser.add_argument(
        "--api",
        default=default_api_url(),
        help="the API's address (default: $API_URL, else http://127.0.0.1:$API_PORT, 8000)",
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    args = parser.parse_args(argv)

    api_key = os.environ.get("PARTNER_API_KEY", "").strip()
    try:
        if not api_key:
            raise FeedFailed(
                "PARTNER_API_KEY is not set. Put the key CourseHub gave us in it, e.g. "
                "PARTNER_API_KEY=... make partner-api (CourseHub: make partner-key NAME=...)."
            )
        rows = read_feed(args.api, api_key, timeout=args.timeout)
        count = write_csv(rows, args.out)
    except (FeedFailed, InvalidCourse) as error:
        return report_nothing_written("FEED", error, args.out)
    print(f"Read {count} courses from the partner feed of {args.api} into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
