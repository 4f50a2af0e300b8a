"""When the API feed cannot run, it says why and leaves the last good CSV alone."""

from pathlib import Path

from tests.partners.servers import ReadApiFeed, Scraped, run_partner


def test_a_wrong_api_key_is_refused_and_the_old_csv_is_kept(
    read_api_feed: ReadApiFeed, todays_scrape: Scraped, tmp_path: Path
) -> None:
    out = tmp_path / "partner-api.csv"
    out.write_bytes(todays_scrape.csv.read_bytes())

    result = read_api_feed(out, key="not-our-key")

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "FEED FAILED: The API refused our key: A valid X-API-Key header is required. "
        "Check PARTNER_API_KEY (CourseHub makes keys with `make partner-key NAME=...`).",
        f"Nothing was written: the existing {out} is unchanged.",
    ]
    assert out.read_bytes() == todays_scrape.csv.read_bytes()


def test_without_an_api_key_the_feed_says_where_to_put_one(tmp_path: Path) -> None:
    out = tmp_path / "partner-api.csv"

    result = run_partner("api_feed", out)  # no PARTNER_API_KEY in its environment

    assert result.returncode == 1
    assert result.stderr.startswith("FEED FAILED: PARTNER_API_KEY is not set.")
    assert not out.exists()
