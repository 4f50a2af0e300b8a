"""Exercise 06.1: teach the scraper the redesign, so that it reads both looks of the site.

The scraper fetches pages over HTTP, so the check does what the partner's nightly job does: it
starts two monoliths with waitress, today's look and `MONOLITH_REDESIGN=1`, runs `python -m
partners.scrape_monolith` against each, and compares both CSV files with the one the partner
feed writes. To stay quick, the monoliths hold every seventh course of the dataset: 37
courses on 4 pages, free ones and review counts in thousands among them.
"""

import csv
import json
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from tests.exercises.checks.partner_processes import finish, monolith, start_partner
from tests.exercises.registry import Exercise, expect
from tests.exercises.support import DATASET

EXERCISE = Exercise(
    "06.1",
    "The scraper reads the redesigned site too (MONOLITH_REDESIGN=1)",
    "06-partners-and-contracts.md",
)

COLUMNS = ["slug", "title", "headline", "instructor", "category", "level", "price", "rating"]
COLUMNS += ["review_count"]


def check() -> str:
    with tempfile.TemporaryDirectory() as name, ExitStack() as servers:
        folder = Path(name)
        records = json.loads(DATASET.read_text(encoding="utf-8"))[::7]
        data_file = folder / "courses.json"
        data_file.write_text(json.dumps(records), encoding="utf-8")
        looks = {"today": {}, "redesign": {"MONOLITH_REDESIGN": "1"}}
        started = {
            look: servers.enter_context(monolith(folder, look, data_file, **settings))
            for look, settings in looks.items()
        }
        for server in started.values():  # they start side by side
            server.wait_until_it_answers()
        scrapes = {
            look: start_partner(
                "scrape_monolith",
                "--out",
                str(folder / f"{look}.csv"),
                "--delay",
                "0",
                MONOLITH_URL=server.url,
            )
            for look, server in started.items()
        }
        today, redesign = finish(scrapes["today"]), finish(scrapes["redesign"])
        expected = _the_feeds_rows(records)

        expect(
            redesign.returncode == 0,
            f"On the redesigned site (MONOLITH_REDESIGN=1) the scraper still stops: "
            f"{redesign.said} Teach partners/scrape_monolith.py the redesign's markup "
            "(monolith/templates/redesign/).",
        )
        _expect_same_rows(folder / "redesign.csv", expected, "On the redesigned site")
        expect(
            today.returncode == 0,
            f"The scraper reads the redesign, but no longer today's site: {today.said} It "
            "must read both looks: while a redesign rolls out, a partner meets either.",
        )
        _expect_same_rows(folder / "today.csv", expected, "On today's site")
    return (
        "The scraper reads today's site and the redesigned one into the same CSV as the "
        f"partner feed: {len(expected)} courses each. Until the next redesign."
    )


def _the_feeds_rows(records: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """The partner feed's CSV rows, by slug, for these courses: the feed's typed values,
    written as `partners/courses_csv.py` writes them (price to the cent, one decimal)."""
    return {
        record["slug"]: {
            "slug": record["slug"],
            "title": record["title"],
            "headline": record["headline"],
            "instructor": record["instructor"],
            "category": record["category"]["name"],
            "level": record["level"],
            "price": f"{record['price']:.2f}",
            "rating": f"{record['rating']:.1f}",
            "review_count": str(record["review_count"]),
        }
        for record in records
    }


def _expect_same_rows(path: Path, expected: dict[str, dict[str, str]], where: str) -> None:
    expect(path.is_file(), f"{where} the scraper said it was done, but wrote no CSV file.")
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        rows = list(reader)
    expect(
        reader.fieldnames == COLUMNS,
        f"{where} the scraper's CSV has the columns {reader.fieldnames}, not {COLUMNS}.",
    )
    got = {row["slug"]: row for row in rows}
    missing = sorted(set(expected) - set(got))
    expect(
        not missing,
        f"{where} the scraper's CSV lacks {len(missing)} of the {len(expected)} courses, "
        f"{missing[0] if missing else ''} for one.",
    )
    expect(
        len(rows) == len(expected),
        f"{where} the scraper's CSV has {len(rows)} rows for {len(expected)} courses.",
    )
    for slug, row in expected.items():
        for column, value in row.items():
            expect(
                got[slug][column] == value,
                f"{where} the scraper read {slug}'s {column} as {got[slug][column]!r}; the "
                f"partner feed says {value!r}.",
            )
