"""Exercise 06.2: catch up with the feed, `python -m partners.api_feed --since TIME`.

The check runs what a partner's nightly job runs, against a real catalog API (uvicorn, on a
fresh database, with a key made by `make partner-key`): a full read into a CSV, then two
courses change on CourseHub's side, then a run with `--since`. The CSV must hold every course,
the two with their new values, and the API's access log must show that the second run asked
for `updated_since` rather than reading the whole catalog again.
"""

import csv
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from tests.exercises.checks.partner_processes import (
    Finished,
    catalog_api,
    make_partner_key,
    run_partner,
)
from tests.exercises.registry import Exercise, expect

EXERCISE = Exercise(
    "06.2",
    "Catch up with the partner feed: python -m partners.api_feed --since TIME",
    "06-partners-and-contracts.md",
)

# Two courses CourseHub changes after the partner's first run: (slug, column, new value in
# the API's database, what the CSV must then say).
CHANGES = [
    ("build-ai-agents-with-python-from-zero-to-your-first-agent", "price_cents", 5999, "59.99"),
    ("ai-agents-for-business-automation", "title", "AI Agents at Work", "AI Agents at Work"),
]
CSV_COLUMN = {"price_cents": "price", "title": "title"}
FEED = "/api/v1/partner/courses"


def check() -> str:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        database = folder / "api.sqlite3"
        key = make_partner_key(f"sqlite:///{database}")
        with catalog_api(folder, f"sqlite:///{database}") as api:
            api.wait_until_it_answers()
            out = folder / "partner-api.csv"
            first = _feed(api.url, key, out)
            expect(first.returncode == 0, f"python -m partners.api_feed fails: {first.said}")
            before = _rows(out)

            since = datetime.now(UTC).replace(microsecond=0)
            _change_courses(database)
            requests_so_far = len(_feed_requests(api.log))
            since_text = since.isoformat().replace("+00:00", "Z")
            command = f"python -m partners.api_feed --since {since_text}"
            second = _feed(api.url, key, out, "--since", since_text)
            expect(
                second.returncode == 0,
                f"{command} fails: {second.said} Add a --since option to partners/api_feed.py.",
            )
            asked = _feed_requests(api.log)[requests_so_far:]
            expect(out.exists(), f"After {command} there is no CSV any more.")
            after = _rows(out)

            without_csv = _feed(api.url, key, folder / "new.csv", "--since", since_text)
            new_rows = _rows(folder / "new.csv") if (folder / "new.csv").exists() else None

    expect(asked, f"{command} did not ask the feed for anything.")
    expect(
        all("updated_since=" in line for line in asked),
        f"{command} read the whole feed again ({asked[0]}): pass the time to the feed "
        "as updated_since, so that it sends only the courses changed since then.",
    )
    expect(
        len(after) == len(before),
        f"After {command} the CSV holds {len(after)} courses, not {len(before)}: keep "
        "the rows of the courses that did not change, and put the changed ones in their place.",
    )
    for slug, column, _, shown in CHANGES:
        field = CSV_COLUMN[column]
        now = after.get(slug, {}).get(field)
        expect(
            now == shown,
            f"After {command} the CSV says {slug}'s {field} is {now!r}; CourseHub changed it "
            f"to {shown!r}.",
        )
    unchanged = [slug for slug in before if slug not in {change[0] for change in CHANGES}]
    expect(
        all(after.get(slug) == before[slug] for slug in unchanged),
        f"After {command} courses that did not change have other rows in the CSV.",
    )
    expect(
        without_csv.returncode != 0 or len(new_rows or {}) == len(before),
        f"With --since and no CSV yet, `python -m partners.api_feed --since ...` succeeds with "
        f"{len(new_rows or {})} courses in its CSV: changed courses alone look like a catalog "
        "that shrank. Refuse (say to run once without --since), or read the whole feed.",
    )
    return (
        f"--since {since_text} asks the feed for updated_since only and brings the CSV up to "
        f"date: {len(CHANGES)} courses changed, {len(after)} in all."
    )


def _feed(api_url: str, key: str, out: Path, *args: str) -> Finished:
    return run_partner("api_feed", "--out", str(out), *args, API_URL=api_url, PARTNER_API_KEY=key)


def _change_courses(database: Path) -> None:
    """What CourseHub's staff would do: edit two courses, which stamps their updated_at."""
    now = datetime.now(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(database) as connection:
        for slug, column, value, _ in CHANGES:
            connection.execute(
                f"UPDATE courses SET {column} = ?, updated_at = ? WHERE slug = ?",
                (value, now, slug),
            )
    connection.close()


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return {row["slug"]: row for row in csv.DictReader(file)}


def _feed_requests(log: Path) -> list[str]:
    """The feed's requests in the API's access log, oldest first, as uvicorn wrote them."""
    lines = log.read_text(encoding="utf-8").splitlines()
    return [line.split('"')[1] for line in lines if f"GET {FEED}" in line and '"' in line]
