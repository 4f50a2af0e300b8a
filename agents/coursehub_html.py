"""Everything the scraping agent knows of CourseHub's web pages: CSS selectors and formats.

What this teaches: this file is the scraping agent's whole "contract" with CourseHub, and
CourseHub never signed it. The class names, the "Free" for a price of 0, the "★ 4.5 (812
reviews)" around a rating are choices of CourseHub's web designers, made for people. When
they change (MONOLITH_REDESIGN=1 changes most of them), this is the file to rewrite, and
the agent only finds out when it runs. Every reader here checks what it found and stops
with the selector it looked for, rather than hand on a course with a missing price.
"""

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from bs4 import Tag

from agents.transcript import AgentFailed, Course, listing
from agents.web import Page, text

SEARCH_FORM = "form[role=search]"
CARD, CARD_LINK, CARD_PRICE = "article.course-card", ".card-title a", ".card-price"
ALSO_LIKED, ALSO_LIKED_LINK, ALSO_LIKED_PRICE = (
    "section.also-liked article.rec-card",
    ".rec-title a",
    ".rec-price",
)
COURSE = {
    "title": ".course-title",
    "headline": ".course-headline",
    "level": "dl.facts .level",
    "language": "dd.language",
    "price": ".big-price",
    "rating": "dd.rating",
    "hours": "dd.hours",
}
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def number(shown: str) -> float:
    """The first number in a text as the page shows it: "$1,299.00", "★ 4.5 (812 reviews)"."""
    if shown == "Free":
        return 0.0
    match = NUMBER.search(shown)
    if match is None:
        raise AgentFailed(f"Expected a number, found {shown!r}.")
    return float(match[0].replace(",", ""))


@dataclass(frozen=True)
class Listed:
    """A course in a list of cards: what its card shows, and the address of its page."""

    slug: str
    title: str
    level: str
    price: float
    rating: float
    url: str

    def line(self) -> str:
        return listing(self.title, self.level, self.price, self.rating)


def _listed(page: Page, card: Tag, link: str, price: str) -> Listed:
    anchor = card.select_one(link)
    if anchor is None or not card.get("data-slug"):
        raise AgentFailed(f"A course card on {page.url} has no link ({link}) or data-slug.")
    return Listed(
        slug=str(card["data-slug"]),
        title=text(anchor),
        level=text(card.select_one(".level")).lower(),
        price=number(text(card.select_one(price))),
        rating=number(text(card.select_one(".rating"))),
        url=urljoin(page.url, str(anchor["href"])),
    )


def course_cards(page: Page) -> list[Listed]:
    """The search results. AgentFailed when there are none: the markup has changed, or the
    search found nothing, and either way the plan cannot go on."""
    cards = page.soup().select(CARD)
    if not cards:
        raise AgentFailed(
            f"Found no course cards ({CARD}) on {page.url}: the page is not the one this "
            "agent was written for."
        )
    return [_listed(page, card, CARD_LINK, CARD_PRICE) for card in cards]


def also_liked(page: Page) -> list[Listed]:
    """A course page's "students who liked this also liked" cards."""
    cards = page.soup().select(ALSO_LIKED)
    return [_listed(page, card, ALSO_LIKED_LINK, ALSO_LIKED_PRICE) for card in cards]


def read_course(page: Page) -> tuple[Course, str]:
    """A course page's facts, and its headline."""
    soup = page.soup()
    found = {name: text(soup.select_one(selector)) for name, selector in COURSE.items()}
    missing = [f"{name} ({COURSE[name]})" for name, value in found.items() if not value]
    if missing:
        raise AgentFailed(f"The course page {page.url} has no {', '.join(missing)}.")
    facts = Course(
        title=found["title"],
        level=found["level"].lower(),
        language=found["language"],
        price=number(found["price"]),
        rating=number(found["rating"]),
        hours=number(found["hours"]),
    )
    return facts, found["headline"]
