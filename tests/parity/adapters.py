"""Two adapters that ask the same questions of the two architectures.

The parity suite is written once, against the small `Catalog` interface below, and run
against both twins, in the manner of RealWorld's shared API tests. `MonolithCatalog` reads the
monolith's HTML pages (the only way to reach its data); `ApiCatalog` reads the API's JSON.
Answers are plain tuples and strings, so a difference prints both answers side by side.
"""

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from typing import Protocol

from fastapi.testclient import TestClient
from flask.testing import FlaskClient
from sqlalchemy import text
from werkzeug.datastructures import MultiDict


@dataclass(frozen=True)
class SearchAnswer:
    slugs: tuple[str, ...]
    total: int
    pages: int


@dataclass(frozen=True)
class Refused:
    """The input was refused; `fields` names what was wrong.

    `messages` are the sentences shown, in order; refusals compare by `fields` alone (the
    twins word some errors differently), so a test that wants the same words compares them.
    """

    fields: tuple[str, ...]
    messages: tuple[str, ...] = field(default=(), compare=False)


# A query string: a dict, or a list of pairs when a parameter is repeated (q=ai&q=python).
Params = dict[str, str] | list[tuple[str, str]]


# Any course: its page is where the monolith's enroll form (and CSRF token) comes from.
FORM_SOURCE = "build-ai-agents-with-python-from-zero-to-your-first-agent"


class Catalog(Protocol):
    name: str

    def search(self, params: Params) -> SearchAnswer | Refused: ...

    def course(self, slug: str) -> dict[str, str] | None: ...

    def categories(self) -> list[tuple[str, str, int]]: ...

    def enroll(self, slug: str, name: str, email: str) -> str | Refused: ...

    def stored_emails(self, slug: str) -> list[str]:
        """What the twin's own database holds: no page or answer shows an enrolled email."""
        ...


# The same question for both databases; each twin's schema names these tables and columns alike.
STORED_EMAILS = (
    "SELECT enrollments.email FROM enrollments JOIN courses ON courses.id = enrollments.course_id"
    " WHERE courses.slug = :slug ORDER BY enrollments.email"
)


class _PageParser(HTMLParser):
    """Collects what the parity suite needs from a monolith page."""

    def __init__(self) -> None:
        super().__init__()
        self.slugs: list[str] = []
        self.error_fields: list[str] = []
        self.error_messages: list[str] = []
        self.csrf_token = ""
        self._field: str | None = None
        self._in_error = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "article" and "course-card" in classes:
            self.slugs.append(attributes["data-slug"] or "")
        if tag in ("input", "select") and attributes.get("name"):
            self._field = attributes["name"]
            if attributes["name"] == "csrf_token":
                self.csrf_token = attributes.get("value") or ""
        if "field-error" in classes and self._field:
            self.error_fields.append(self._field)
            self._start_message()
        if "form-error" in classes:  # the page number has no input of its own
            self.error_fields.append("page")
            self._start_message()

    def _start_message(self) -> None:
        self.error_messages.append("")
        self._in_error = True

    def handle_endtag(self, tag: str) -> None:
        self._in_error = False

    def handle_data(self, data: str) -> None:
        if self._in_error:
            self.error_messages[-1] += data


def _parse(page: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(page)
    return parser


class MonolithCatalog:
    name = "monolith"

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def search(self, params: Params) -> SearchAnswer | Refused:
        response = self.client.get("/", query_string=MultiDict(params))
        page = _parse(response.text)
        if response.status_code == 400:
            return Refused(tuple(sorted(set(page.error_fields))), tuple(page.error_messages))
        assert response.status_code == 200, response.status_code
        count = re.search(r'class="result-count">\s*([\d,]+) course', response.text)
        pages = re.search(r"page \d+ of (\d+)", response.text)
        if count is None:  # "No courses match", or a page after the last one
            past_end = re.search(r"There (?:is|are) only (\d+) pages? of", response.text)
            total = -1 if past_end else 0  # the empty page does not say the total
            return SearchAnswer((), total, int(past_end.group(1)) if past_end else 0)
        total = int(count.group(1).replace(",", ""))
        return SearchAnswer(tuple(page.slugs), total, int(pages.group(1)) if pages else 0)

    def course(self, slug: str) -> dict[str, str] | None:
        response = self.client.get(f"/courses/{slug}")
        if response.status_code == 404:
            return None
        text = response.text
        title = re.search(r'<h1 class="course-title">([^<]*)</h1>', text)
        instructor = re.search(r'class="course-instructor">([^<]*)<', text)
        return {"title": unescape(title.group(1)), "instructor": unescape(instructor.group(1))}

    def categories(self) -> list[tuple[str, str, int]]:
        text = self.client.get("/categories").text
        found = re.findall(
            r'category=([\w-]+)">\s*<span class="category-name">([^<]*)</span>\s*'
            r'<span class="category-count">(\d+) courses',
            text,
        )
        return [(slug, unescape(name), int(count)) for slug, name, count in found]

    def enroll(self, slug: str, name: str, email: str) -> str | Refused:
        # A real browser sends the CSRF token of the form it was given; any course page has one.
        token = _parse(self.client.get("/courses/" + FORM_SOURCE).text).csrf_token
        response = self.client.post(
            f"/courses/{slug}", data={"csrf_token": token, "name": name, "email": email}
        )
        if response.status_code == 404:
            return "no such course"
        if response.status_code == 302:
            return "enrolled"  # new or not: the page never says which
        assert response.status_code == 400, response.status_code
        page = _parse(response.text)
        return Refused(tuple(sorted(set(page.error_fields))), tuple(page.error_messages))

    def stored_emails(self, slug: str) -> list[str]:
        engine = self.client.application.extensions["coursehub_engine"]  # the monolith's own
        with engine.connect() as connection:
            return list(connection.scalars(text(STORED_EMAILS), {"slug": slug}))


class ApiCatalog:
    name = "api"

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def search(self, params: Params) -> SearchAnswer | Refused:
        response = self.client.get("/api/v1/courses", params=params)
        if response.status_code == 422:
            return _refused(response.json())
        assert response.status_code == 200, response.text
        body = response.json()
        slugs = tuple(item["slug"] for item in body["items"])
        past_end = not slugs and body["total"] > 0
        return SearchAnswer(slugs, -1 if past_end else body["total"], body["pages"])

    def course(self, slug: str) -> dict[str, str] | None:
        response = self.client.get(f"/api/v1/courses/{slug}")
        if response.status_code == 404:
            return None
        body = response.json()
        return {"title": body["title"], "instructor": body["instructor"]}

    def categories(self) -> list[tuple[str, str, int]]:
        body = self.client.get("/api/v1/categories").json()
        return [(c["slug"], c["name"], c["course_count"]) for c in body]

    def enroll(self, slug: str, name: str, email: str) -> str | Refused:
        response = self.client.post(
            f"/api/v1/courses/{slug}/enrollments", json={"name": name, "email": email}
        )
        if response.status_code == 404:
            return "no such course"
        if response.status_code == 201:
            return "enrolled"  # new or not: the answer never says which
        assert response.status_code == 422, response.text
        return _refused(response.json())

    def stored_emails(self, slug: str) -> list[str]:
        with self.client.app.state.engine.connect() as connection:
            return list(connection.scalars(text(STORED_EMAILS), {"slug": slug}))


def _refused(problem: dict) -> Refused:
    errors = problem.get("errors") or []
    fields = tuple(sorted({error["field"] for error in errors}))
    return Refused(fields, tuple(error["message"] for error in errors))
