"""The scraping agent's one tool, "fetch a web page", and what it takes to use a web form.

What this teaches: a web page is made for a person, so an agent with only this tool does
what a browser and a person do together. It fetches the whole page (the layout, the styles'
links, the enrollment form, the footer: everything, every time), finds the search form,
works out which fields it has and what each accepts (a `<select>`'s options), and fills it
in as a browser would submit it. Nothing on the page promises that any of this stays put.
"""

from dataclasses import dataclass
from urllib.parse import urlencode, urljoin

import requests
from bs4 import BeautifulSoup, Tag

from agents.transcript import AgentFailed

USER_AGENT = "StudyBuddyAgent/1.0 (+https://study-buddy.example/agent)"


@dataclass(frozen=True)
class Page:
    url: str
    html: str
    size: int  # the bytes the agent read

    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.html, "html.parser")


def fetch(session: requests.Session, url: str, timeout: float = 10.0) -> Page:
    """The tool: GET one page, as HTML. AgentFailed says what went wrong."""
    try:
        response = session.get(url, timeout=timeout, headers={"User-Agent": USER_AGENT})
    except requests.RequestException as error:
        raise AgentFailed(
            f"Cannot fetch {url} ({type(error).__name__}): is the site running? (make monolith)"
        ) from error
    if response.status_code != 200:
        raise AgentFailed(f"{url} answered {response.status_code} {response.reason}.")
    if not response.headers.get("Content-Type", "").startswith("text/html"):
        raise AgentFailed(f"{url} did not answer with a web page.")
    return Page(url=response.url, html=response.text, size=len(response.content))


def text(element: Tag | None) -> str:
    """An element's text as a browser shows it, or "" when there is no such element."""
    return " ".join(element.get_text(" ").split()) if element is not None else ""


def form_fields(page: BeautifulSoup, form: Tag) -> dict[str, Tag]:
    """The form's fields by name, in page order: inside the form, or tied to it by `form=`."""
    inside = form.select("input[name], select[name]")
    outside = page.select(f'[form="{form.get("id")}"][name]') if form.get("id") else []
    return {str(field["name"]): field for field in sorted(inside + outside, key=_position)}


def _position(field: Tag) -> int:
    return field.sourceline or 0


def current_value(field: Tag) -> str:
    """What a browser would send for a field nobody touched."""
    if field.name == "select":
        chosen = field.select_one("option[selected]") or field.select_one("option")
        return str(chosen.get("value", "")) if chosen is not None else ""
    return str(field.get("value", ""))


def fill_in(page: Page, selector: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """The address a browser opens on submitting the form `selector` (a GET form) with
    `values` typed or chosen in it, and the names of the form's fields. AgentFailed if a
    field or a choice is not there."""
    soup = page.soup()
    form = soup.select_one(selector)
    if form is None:
        raise AgentFailed(f"Found no search form ({selector}) on {page.url}.")
    fields = form_fields(soup, form)
    for name, value in values.items():
        field = fields.get(name)
        if field is None:
            raise AgentFailed(f"The search form on {page.url} has no field {name!r}.")
        if field.name == "select" and field.select_one(f'option[value="{value}"]') is None:
            raise AgentFailed(f"The form's {name!r} field offers no {value!r}.")
    sent = {name: values.get(name, current_value(field)) for name, field in fields.items()}
    action = urljoin(page.url, str(form.get("action") or ""))
    return f"{action}?{urlencode(sent)}", list(fields)
