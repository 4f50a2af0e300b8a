"""The scraper checks every card and stops, saying what it missed, rather than write garbage.

Each test takes a real search page from the running monolith, breaks one thing in it the way
a template change could, and hands it to the scraper's page reader.
"""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from partners.scrape_monolith import ScrapeFailed, parse_search_page
from tests.partners.servers import Scrape, get_html
from tests.support.ports import unused_address
from tests.support.servers import Server

URL = "http://coursehub.example/?page=1"
Edit = Callable[[BeautifulSoup], None]


@pytest.fixture(scope="module")
def first_page(monolith: Server) -> str:
    return get_html(monolith.url + "/?page=1")


def edited(html: str, edit: Edit) -> str:
    soup = BeautifulSoup(html, "html.parser")
    edit(soup)
    return str(soup)


def second_card(soup: BeautifulSoup) -> BeautifulSoup:
    return soup.select("article.course-card")[1]


def test_an_unchanged_page_gives_twelve_courses_and_the_next_page(first_page: str) -> None:
    page = parse_search_page(first_page, URL)

    assert len(page.rows) == 12
    assert (page.total, page.number, page.pages) == (256, 1, 22)
    assert page.next_url == "http://coursehub.example/?page=2"


def test_a_free_course_is_read_as_price_zero(first_page: str) -> None:
    free = [row for row in parse_search_page(first_page, URL).rows if row.price == 0]
    assert free, "page 1 of the catalog has free courses"
    assert all(row.as_csv()[6] == "0.00" for row in free)


def remove_price(soup: BeautifulSoup) -> None:
    second_card(soup).select_one("p.card-price").decompose()


def rename_title_class(soup: BeautifulSoup) -> None:
    second_card(soup).select_one("h2.card-title")["class"] = "course-name"


def euro_price(soup: BeautifulSoup) -> None:
    second_card(soup).select_one("p.card-price").string = "19,99 €"


def rating_of_seven(soup: BeautifulSoup) -> None:
    rating = second_card(soup).select_one(".rating")
    rating.string = "★ 7.5 (12 reviews)"


def unknown_level(soup: BeautifulSoup) -> None:
    second_card(soup).select_one(".level").string = "Expert"


def empty_instructor(soup: BeautifulSoup) -> None:
    second_card(soup).select_one(".card-instructor").string = "  "


def no_slug(soup: BeautifulSoup) -> None:
    del second_card(soup)["data-slug"]


BROKEN_CARDS = [
    (remove_price, "no price (p.card-price)"),
    (rename_title_class, "no title (.card-title a)"),
    (euro_price, "price '19,99 €' is not like '$19.99' or 'Free'"),
    (rating_of_seven, "rating 7.5 is not from 0 to 5"),
    (unknown_level, "level 'expert' is not one of advanced, beginner, intermediate"),
    (empty_instructor, "instructor is empty"),
    (no_slug, "no course slug in its data-slug attribute (found '')"),
]


@pytest.mark.parametrize(
    ("edit", "message"),
    [pytest.param(edit, message, id=edit.__name__) for edit, message in BROKEN_CARDS],
)
def test_one_card_the_scraper_cannot_read_stops_it_and_says_which_and_why(
    first_page: str, edit: Edit, message: str
) -> None:
    with pytest.raises(ScrapeFailed) as failure:
        parse_search_page(edited(first_page, edit), URL)

    text = str(failure.value)
    assert text.startswith(
        f"1 of the 12 course cards on {URL} could not be read; has the site changed its markup?"
    )
    assert "card 2: " in text and message in text


def test_a_page_without_its_result_count_stops_the_scraper(first_page: str) -> None:
    def remove_count(soup: BeautifulSoup) -> None:
        soup.select_one("p.result-count").decompose()

    with pytest.raises(ScrapeFailed, match=re.escape("Found no result count (p.result-count")):
        parse_search_page(edited(first_page, remove_count), URL)


def test_when_the_site_is_down_the_scraper_says_so_and_writes_nothing(
    scrape: Scrape, tmp_path: Path
) -> None:
    nowhere = unused_address()
    out = tmp_path / "partner-scrape.csv"

    result = scrape(nowhere, out)

    assert result.returncode == 1
    assert result.stderr.startswith(
        f"SCRAPE FAILED: Cannot reach the site at {nowhere}/?page=1 (ConnectionError)."
    )
    assert not out.exists()
