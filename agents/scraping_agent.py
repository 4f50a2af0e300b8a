"""The agent with only "fetch a web page": the same task, on CourseHub's HTML.

    python -m agents.scraping_agent [--site http://127.0.0.1:5050]   # make agent-scrape

What this teaches: what an agent pays when a service offers pages and no tools. It reads
whole pages to find a few facts; it must open a course's page to learn what the API agent
got in its search results (the language: a course card does not show it); and everything
it knows of the site is a list of CSS selectors (`coursehub_html.py`) CourseHub never promised.
When CourseHub redesigns its site (MONOLITH_REDESIGN=1), the same courses are there for
people, and this agent stops at the first page of results: it was written for today's
markup. A language model reading the HTML itself might cope with the new page, but it
would pay for every byte of it, and nothing would tell it when it read a price wrong.

MONOLITH_URL, else http://127.0.0.1:$MONOLITH_PORT (5050), says where the site is.
"""

import argparse
import os
import sys
from collections.abc import Sequence

import requests

from agents.coursehub_html import SEARCH_FORM, also_liked, course_cards, read_course
from agents.transcript import NEXT_LEVEL, AgentFailed, Transcript, call_line
from agents.web import Page, fetch, fill_in

PLAN = (
    "fetch the home page; find the search form and its fields",
    'fill it in (q "ai agents", level beginner, max_price 50, sort rating); fetch the '
    "results and read the course cards",
    "fetch the course pages in that order until one is taught in English (a card does not "
    'say); read its "also liked" cards and take the first one level up',
    "fetch that course's page, to tell the student about it",
)
SEARCH = {"q": "ai agents", "level": "beginner", "max_price": "50", "sort": "rating"}


class Agent:
    def __init__(self, site: str, session: requests.Session, transcript: Transcript) -> None:
        self.site, self.session, self.transcript = site, session, transcript

    def fetch(self, url: str) -> Page:
        page = fetch(self.session, url)
        self.transcript.step(call_line("fetch", {"url": url}), page.size)
        return page

    def run(self) -> None:
        home = self.fetch(self.site + "/")
        address, fields = fill_in(home, SEARCH_FORM, SEARCH)
        self.transcript.item(f"the search form ({SEARCH_FORM}) has: {', '.join(fields)}")
        cards = course_cards(self.fetch(address))
        for card in cards:
            self.transcript.item(card.line())

        for card in cards:
            page = self.fetch(card.url)
            first, _ = read_course(page)
            self.transcript.item(f"{first.title}: taught in {first.language}")
            if first.language == "English":
                break
        else:
            raise AgentFailed("No course found is taught in English.")
        self.transcript.chose(card.slug, "the best rated taught in English")

        liked = also_liked(page)
        for rec in liked:
            self.transcript.item(rec.line())
        level = NEXT_LEVEL[first.level]
        then = next((rec for rec in liked if rec.level == level), None)
        if then is None:
            raise AgentFailed(f"None of the courses it also liked is {level}.")
        self.transcript.chose(then.slug, f"the most similar {level} course")

        details, headline = read_course(self.fetch(then.url))
        self.transcript.item(f"{details.title}: {headline}")
        self.transcript.answer(first, details)


def main(argv: Sequence[str] | None = None) -> int:
    default = os.environ.get("MONOLITH_URL") or (
        f"http://127.0.0.1:{os.environ.get('MONOLITH_PORT') or 5050}"
    )
    parser = argparse.ArgumentParser(prog="python -m agents.scraping_agent", description=__doc__)
    parser.add_argument("--site", default=default, help=f"the web site (default: {default})")
    args = parser.parse_args(argv)
    site = args.site.rstrip("/")
    transcript = Transcript(agent=f"one tool, fetch a web page, on {site}", unit="HTML", plan=PLAN)
    transcript.start()
    with requests.Session() as session:
        try:
            Agent(site, session, transcript).run()
        except AgentFailed as error:
            transcript.failed(error)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
