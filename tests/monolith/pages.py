"""The monolith's pages as the tests read them: result cards, inputs, links, visible text.

A test looks at a page the way a visitor does, through what it shows; `read_page` turns a
response into a `Page`, and `csrf_token_from` finds the token a browser sends back with a form.
The monolith's fixtures (conftest.py) hand these out; other test modules import them from here.
"""

from dataclasses import dataclass
from html.parser import HTMLParser

from werkzeug.test import TestResponse


class PageParser(HTMLParser):
    """Collects what the tests look at: result cards, hidden inputs, links, visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.card_slugs: list[str] = []
        self.card_titles: list[str] = []
        self.inputs: dict[str, str] = {}
        self.selected: dict[str, str] = {}
        self.links: list[str] = []
        self.text_parts: list[str] = []
        self._select: str | None = None
        self._in_card_title = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        classes = attributes.get("class", "").split()
        if tag == "article" and "course-card" in classes:
            self.card_slugs.append(attributes.get("data-slug", ""))
            self.card_titles.append("")
        elif tag == "h2" and "card-title" in classes:
            self._in_card_title = True
        elif tag == "input" and "name" in attributes:
            self.inputs[attributes["name"]] = attributes.get("value", "")
        elif tag == "select":
            self._select = attributes.get("name")
        elif tag == "option" and self._select and "selected" in attributes:
            self.selected[self._select] = attributes.get("value", "")
        elif tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        elif tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in_card_title = False
        elif tag == "select":
            self._select = None
        elif tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._in_card_title and self.card_titles:
            self.card_titles[-1] += data
        if not self._skip:
            self.text_parts.append(data)


@dataclass
class Page:
    """A page as the tests read it."""

    status: int
    html: str
    slugs: list[str]  # the course cards' data-slug, in the order shown
    titles: list[str]  # the course cards' titles, same order
    inputs: dict[str, str]  # name -> value of every <input>
    selected: dict[str, str]  # name of each <select> -> value of its selected option
    links: list[str]  # every href
    text: str  # the visible text: tags gone, entities decoded, spaces collapsed


def read_page(response: TestResponse) -> Page:
    html = response.get_data(as_text=True)
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return Page(
        status=response.status_code,
        html=html,
        slugs=parser.card_slugs,
        titles=[" ".join(title.split()) for title in parser.card_titles],
        inputs=parser.inputs,
        selected=parser.selected,
        links=parser.links,
        text=" ".join(" ".join(parser.text_parts).split()),
    )


def csrf_token_from(html: str) -> str:
    parser = PageParser()
    parser.feed(html)
    token = parser.inputs.get("csrf_token", "")
    assert token, "the page has no hidden csrf_token input"
    return token
