"""The three facts of the partners' story, with real servers and the partners' real programs.

1. Today, scraping the monolith's HTML and reading the API's partner feed give the same CSV.
2. After the monolith's redesign (same data, new markup), the scraper fails loudly: a clear
   message, a non-zero exit, and no CSV written (yesterday's file stays as it was).
3. At that same moment, the API feed still writes exactly the CSV it wrote before.
"""

import csv
import json
from pathlib import Path

from bs4 import BeautifulSoup

from tests.partners.servers import (
    ReadApiFeed,
    Scrape,
    Scraped,
    Server,
    get_html,
    run_partner,
)
from tests.support.processes import REPO_ROOT

COLUMNS = [
    "slug",
    "title",
    "headline",
    "instructor",
    "category",
    "level",
    "price",
    "rating",
    "review_count",
]
NO_CARDS = (
    "Found no course cards (article.course-card) on {url}/?page=1; has the site changed its markup?"
)


def dataset() -> list[dict]:
    return json.loads((REPO_ROOT / "data" / "courses.json").read_text(encoding="utf-8"))


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


# --- 1. today ---------------------------------------------------------------------------


def test_today_the_scraper_reads_all_256_courses_from_22_pages(todays_scrape: Scraped) -> None:
    assert todays_scrape.run.returncode == 0, todays_scrape.run.stderr
    assert todays_scrape.run.stdout.startswith("Scraped 256 courses from 22 pages of http://")
    assert todays_scrape.run.stderr == ""


def test_today_the_scraped_csv_holds_every_course_exactly_as_published(
    todays_scrape: Scraped,
) -> None:
    rows = read_rows(todays_scrape.csv)
    records = sorted(dataset(), key=lambda record: record["slug"])
    assert len(rows) == len(records) == 256
    for row, record in zip(rows, records, strict=True):
        assert row == {
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


def test_today_the_scraper_and_the_api_feed_write_identical_csv_files(
    todays_scrape: Scraped, read_api_feed: ReadApiFeed, tmp_path: Path
) -> None:
    out = tmp_path / "partner-api.csv"
    result = read_api_feed(out)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Read 256 courses from the partner feed of http://")
    assert out.read_bytes() == todays_scrape.csv.read_bytes()


# --- 2. the redesign breaks the scraper -------------------------------------------------------


def test_the_redesigned_site_still_shows_the_same_courses_to_visitors(
    monolith: Server, redesigned_monolith: Server
) -> None:
    before = BeautifulSoup(get_html(monolith.url + "/?page=1"), "html.parser")
    after = BeautifulSoup(get_html(redesigned_monolith.url + "/?page=1"), "html.parser")

    before_slugs = [card["data-slug"] for card in before.select("article.course-card")]
    after_slugs = [tile["data-course"] for tile in after.select("ul.catalog li.tile")]
    assert len(before_slugs) == 12
    assert after_slugs == before_slugs
    assert after.select("article.course-card") == []


def test_after_the_redesign_the_scraper_fails_loudly_and_writes_no_csv(
    scrape: Scrape, redesigned_monolith: Server, tmp_path: Path
) -> None:
    out = tmp_path / "partner-scrape.csv"
    result = scrape(redesigned_monolith.url, out)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "SCRAPE FAILED: " + NO_CARDS.format(url=redesigned_monolith.url),
        f"Nothing was written: there is no {out}.",
    ]
    assert files_in(tmp_path) == []  # no CSV, and no half-written temporary file either


def test_after_the_redesign_the_scraper_leaves_yesterdays_csv_untouched(
    scrape: Scrape, redesigned_monolith: Server, todays_scrape: Scraped, tmp_path: Path
) -> None:
    out = tmp_path / "partner-scrape.csv"
    out.write_bytes(todays_scrape.csv.read_bytes())
    before = out.stat()

    result = scrape(redesigned_monolith.url, out)

    assert result.returncode == 1
    assert (
        result.stderr.splitlines()[-1] == f"Nothing was written: the existing {out} is unchanged."
    )
    assert out.read_bytes() == todays_scrape.csv.read_bytes()
    assert out.stat().st_mtime_ns == before.st_mtime_ns
    assert files_in(tmp_path) == ["partner-scrape.csv"]


# --- 3. ...while the API feed does not notice --------------------------------------------------


def test_while_the_redesign_breaks_the_scraper_the_api_feed_writes_the_same_csv_as_before(
    scrape: Scrape,
    redesigned_monolith: Server,
    read_api_feed: ReadApiFeed,
    todays_scrape: Scraped,
    tmp_path: Path,
) -> None:
    scraped = scrape(redesigned_monolith.url, tmp_path / "partner-scrape.csv")
    fed = read_api_feed(tmp_path / "partner-api.csv")

    assert scraped.returncode == 1
    assert fed.returncode == 0, fed.stderr
    assert files_in(tmp_path) == ["partner-api.csv"]
    assert (tmp_path / "partner-api.csv").read_bytes() == todays_scrape.csv.read_bytes()


# --- 4. ...and the contract is what survives, not the number of programs ---------------------


def test_the_api_feed_reads_the_redesigned_monoliths_own_partner_api_unchanged(
    redesigned_monolith: Server,
    monolith_api_key: str,
    todays_scrape: Scraped,
    tmp_path: Path,
) -> None:
    # The same partner program, pointed at the monolith (MONOLITH_API=1) instead of the API.
    out = tmp_path / "partner-api.csv"
    fed = run_partner(
        "api_feed", out, API_URL=redesigned_monolith.url, PARTNER_API_KEY=monolith_api_key
    )

    assert fed.returncode == 0, fed.stderr
    assert fed.stdout.startswith(
        f"Read 256 courses from the partner feed of {redesigned_monolith.url}"
    )
    assert out.read_bytes() == todays_scrape.csv.read_bytes()
