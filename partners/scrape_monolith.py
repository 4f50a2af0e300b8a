"""Approach 1: scrape CourseHub's public search pages into our CSV.

    python -m partners.scrape_monolith [--out var/partner-scrape.csv]   # make partner-scrape

CourseHub's storefront is a server-rendered web site: its only "interface" is HTML written
for people. So we do what a person does, in code: open the search page, read each course
card, click "Next", and repeat until there is no "Next" (22 pages for 256 courses).

What this costs us, and why we also pay for the API (see `api_feed`):

- **No contract.** The CSS classes we look for (`article.course-card`, `p.card-price`...) are
  CourseHub's private business. They owe us nothing, and one template change on their side
  (a redesign, a renamed class) silently changes what we read. The only defence is to check
  everything and stop loudly: a scraper that "succeeds" with zero or garbled courses is worse
  than one that fails, because the bad data reaches our customers.
- **Lossy.** We get what the page *displays*, not the data: "Free" instead of 0, "4.8" (one
  decimal), "5,320 reviews" (text to parse back into a number). Fields not on the card
  (hours, language, tags) would cost one more request per course.
- **Slow and fragile to paging.** 22 requests, one after the other, each rendering a full HTML
  page. If a rating changes while we walk the pages, the order shifts: a course can appear
  twice or not at all. We check the total the site announces and refuse duplicates.
- **Impolite by nature.** We load pages meant for people; we send an honest User-Agent and
  pause between pages (`--delay`) so that we are not the reason their site is slow.

What it does well: it needs nobody's permission or key, and it works today on any site.

The environment variable MONOLITH_URL says where the site is (default
http://127.0.0.1:$MONOLITH_PORT, port 5050 unless set).
On any failure the program prints what it expected and did not find, exits with status 1,
and leaves the CSV of the last good run untouched.
"""

import argparse
import os
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urljoin

import requests
from bs4 import BeautifulSoup, Tag

from partners.courses_csv import CourseRow, InvalidCourse, report_nothing_written, write_csv

DEFAULT_SITE = "http://127.0.0.1:5050"
DEFAULT_OUT = Path("var/partner-scrape.csv")
USER_AGENT = "CompareACourseBot/1.0 (+https://compare-a-course.example/bot)"
MAX_PAGES = 500  # a loop guard: the site would never have this many

# Everything we rely on in CourseHub's HTML, in one place. When their templates change,
# this is the list to update, and the error messages quote it.
CARD = "article.course-card"
FIELDS = {
    "category": "p.card-category",
    "title": ".card-title a",
    "headline": "p.card-headline",
    "instructor": "p.card-instructor",
    "rating": ".card-meta .rating",
    "level": ".card-meta .level",
    "price": "p.card-price",
}
RESULT_COUNT = "p.result-count"  # "256 courses · page 1 of 22"
NEXT_LINK = 'a[rel="next"]'

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PRICE = re.compile(r"\$(\d{1,3}(?:,\d{3})*|\d+)\.(\d\d)")  # "$1,299.00", "$19.99"
RATING = re.compile(r"(\d+(?:\.\d+)?) \(([\d,]+) reviews?\)")  # "★ 4.8 (5,320 reviews)"
COUNT = re.compile(r"([\d,]+) courses? · page (\d+) of (\d+)")


class ScrapeFailed(Exception):
    """The site did not look the way we expect. The message says what we looked for."""


def _text(element: Tag) -> str:
    """An element's text as a browser shows it: runs of spaces and newlines become one space."""
    return " ".join(element.get_text(" ").split())


def _parse_price(text: str) -> Decimal:
    if text == "Free":
        return Decimal("0.00")
    match = PRICE.fullmatch(text)
    if match is None:
        raise InvalidCourse(f"price {text!r} is not like '$19.99' or 'Free'")
    return Decimal(f"{match[1].replace(',', '')}.{match[2]}")


def _parse_rating(text: str) -> tuple[Decimal, int]:
    match = RATING.search(text)
    if match is None:
        raise InvalidCourse(f"rating {text!r} is not like '★ 4.8 (5,320 reviews)'")
    try:
        return Decimal(match[1]), int(match[2].replace(",", ""))
    except InvalidOperation:
        raise InvalidCourse(f"rating {text!r} is not a number") from None


def parse_card(card: Tag) -> CourseRow:
    """One course card as a row. InvalidCourse says which part is missing or wrong."""
    slug = str(card.get("data-slug") or "").strip()
    if not SLUG.fullmatch(slug):
        raise InvalidCourse(f"no course slug in its data-slug attribute (found {slug!r})")
    found: dict[str, str] = {}
    for name, selector in FIELDS.items():
        element = card.select_one(selector)
        if element is None:
            raise InvalidCourse(f"{slug}: no {name} ({selector})")
        found[name] = _text(element)
    rating, review_count = _parse_rating(found["rating"])
    try:
        return CourseRow(
            slug=slug,
            title=found["title"],
            headline=found["headline"],
            instructor=found["instructor"],
            category=found["category"],
            level=found["level"].lower(),
            price=_parse_price(found["price"]),
            rating=rating,
            review_count=review_count,
        )
    except InvalidCourse as error:
        raise InvalidCourse(f"{slug}: {error}") from None


@dataclass(frozen=True)
class SearchPage:
    url: str
    rows: list[CourseRow]
    total: int  # courses the site says the search has, on all pages
    number: int
    pages: int
    next_url: str | None


def parse_search_page(html: str, url: str) -> SearchPage:
    """Read one page of search results; ScrapeFailed unless every card on it is complete."""
    soup = BeautifulSoup(html, "html.parser")
    cards = soup.select(CARD)
    if not cards:
        raise ScrapeFailed(
            f"Found no course cards ({CARD}) on {url}; has the site changed its markup?"
        )
    rows, problems = [], []
    for position, card in enumerate(cards, start=1):
        try:
            rows.append(parse_card(card))
        except InvalidCourse as error:
            problems.append(f"card {position}: {error}")
    if problems:
        shown = "\n  ".join(problems[:5])
        more = f"\n  ...and {len(problems) - 5} more" if len(problems) > 5 else ""
        raise ScrapeFailed(
            f"{len(problems)} of the {len(cards)} course cards on {url} could not be read; "
            f"has the site changed its markup?\n  {shown}{more}"
        )

    count = soup.select_one(RESULT_COUNT)
    match = COUNT.search(_text(count)) if count is not None else None
    if match is None:
        raise ScrapeFailed(
            f"Found no result count ({RESULT_COUNT}, like '256 courses · page 1 of 22') on "
            f"{url}; has the site changed its markup?"
        )
    next_link = soup.select_one(NEXT_LINK)
    next_href = next_link.get("href") if next_link is not None else None
    return SearchPage(
        url=url,
        rows=rows,
        total=int(match[1].replace(",", "")),
        number=int(match[2]),
        pages=int(match[3]),
        next_url=urljoin(url, str(next_href)) if next_href else None,
    )


def fetch(session: requests.Session, url: str, timeout: float) -> str:
    try:
        response = session.get(url, timeout=timeout)
    except requests.ConnectionError as error:
        raise ScrapeFailed(
            f"Cannot reach the site at {url} ({type(error).__name__}). Is it running? "
            "Set MONOLITH_URL if it is somewhere else."
        ) from error
    except requests.Timeout as error:
        raise ScrapeFailed(f"{url} did not answer within {timeout:g} s.") from error
    if response.status_code != 200:
        raise ScrapeFailed(
            f"{url} answered {response.status_code} {response.reason}; expected a search page."
        )
    if not response.headers.get("Content-Type", "").startswith("text/html"):
        raise ScrapeFailed(f"{url} did not answer with HTML; expected a search page.")
    return response.text


def scrape(site: str, *, delay: float = 0.2, timeout: float = 10.0) -> tuple[list[CourseRow], int]:
    """Walk every page of the catalog; every course on it, and the number of pages read."""
    url: str | None = urljoin(site.rstrip("/") + "/", "?page=1")
    rows: dict[str, CourseRow] = {}
    seen: set[str] = set()
    last: SearchPage | None = None
    with requests.Session() as session:
        session.headers["User-Agent"] = USER_AGENT
        while url is not None:
            if url in seen or len(seen) >= MAX_PAGES:
                raise ScrapeFailed(f"The Next links go round in circles (at {url}).")
            if seen and delay:
                time.sleep(delay)
            seen.add(url)
            page = parse_search_page(fetch(session, url, timeout), url)
            for row in page.rows:
                if row.slug in rows:
                    raise ScrapeFailed(
                        f"The course {row.slug!r} appears twice (again on {url}): the order "
                        "changed while we were reading the pages. Run again later."
                    )
                rows[row.slug] = row
            last, url = page, page.next_url

    assert last is not None  # the loop ran at least once
    if len(rows) != last.total or len(seen) != last.pages:
        raise ScrapeFailed(
            f"The site says it has {last.total} courses on {last.pages} pages, but following "
            f"its Next links ({NEXT_LINK}) through {len(seen)} pages found {len(rows)}; has "
            "the site changed its paging, or did the catalog change while we read it?"
        )
    return list(rows.values()), len(seen)


def default_site_url() -> str:
    """$MONOLITH_URL, else the monolith on this machine at $MONOLITH_PORT: the rule `make`
    follows too."""
    port = os.environ.get("MONOLITH_PORT", "").strip()
    return os.environ.get("MONOLITH_URL", "").strip() or (
        f"http://127.0.0.1:{port}" if port else DEFAULT_SITE
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m partners.scrape_monolith",
        description="Scrape CourseHub's search pages into a CSV of courses.",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default: {DEFAULT_OUT}")
    parser.add_argument(
        "--site",
        default=default_site_url(),
        help="the site's address (default: $MONOLITH_URL, else http://127.0.0.1:$MONOLITH_PORT)",
    )
    parser.add_argument(
        "--delay", type=float, default=0.2, help="seconds to wait between pages (default: 0.2)"
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per page")
    args = parser.parse_args(argv)

    try:
        rows, pages = scrape(args.site, delay=args.delay, timeout=args.timeout)
        count = write_csv(rows, args.out)
    except (ScrapeFailed, InvalidCourse) as error:
        return report_nothing_written("SCRAPE", error, args.out)
    print(f"Scraped {count} courses from {pages} pages of {args.site} into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
