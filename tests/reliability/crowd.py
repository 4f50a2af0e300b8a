"""A crowd of visitors that start at the same instant, and what each one got back.

Each visitor is a thread with its own `requests.Session` (its own connection, kept alive, as a
browser keeps one), speaking to one design the way its users do: the catalog API in JSON, the
monolith with HTML pages and forms (so a monolith visitor first opens a course page, for the
session cookie and the CSRF token its enroll form needs). Every request becomes an `Outcome`:
the status, or, when no answer came at all, the error. The tests then judge outcomes only;
how long things took is measured and printed, never asserted.

What counts as an acknowledged enrollment is what the user is shown: the API's 201, the
monolith's 302 back to the course page (where the flash says "You're enrolled"). A write the
user was told about must be in the database afterwards, whatever happened to the server.
"""

import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TypeVar

import requests

COURSES = [
    "build-ai-agents-with-python-from-zero-to-your-first-agent",
    "ai-agents-for-business-automation",
    "deep-learning-with-pytorch-neural-networks-from-the-ground-up",
]
SEARCHES = ["ai agents", "python", "machine learning", "web"]
HANG = 30.0  # seconds: an answer slower than this is taken for a hang (nothing is timed)
ASSEMBLE = 60.0  # seconds for every thread of a crowd to be ready at the starting line


@dataclass(frozen=True)
class Outcome:
    """One request and what came back."""

    design: str  # "api" or "monolith"
    kind: str  # "search", "page", "enroll" (and "form": the monolith's page for a token)
    status: int | None  # None: no answer at all, the connection failed
    ended: float  # time.monotonic() when the answer (or the error) came
    seconds: float
    error: str = ""
    course: str = ""
    email: str = ""
    # The answer shows what the user asked for: results, the course, or (for an enrollment)
    # that they are enrolled.
    shown: bool = False
    recommendations: int | None = None  # "also liked" cards on a monolith course page

    @property
    def acknowledged(self) -> bool:
        """An enrollment the user was told about: it must be stored, whatever happens next."""
        return self.kind == "enroll" and self.shown

    @property
    def label(self) -> str:
        """The status, or the kind of error: what a Counter of outcomes shows."""
        return str(self.status) if self.status is not None else self.error.split(":")[0]


class _CsrfToken(HTMLParser):
    token = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") == "csrf_token":
            self.token = attributes.get("value") or ""


class Visitor:
    """Someone using one design through `session`; subclasses speak each design's language."""

    design = ""

    def __init__(self, url: str) -> None:
        self.url = url
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy between us and 127.0.0.1

    def close(self) -> None:
        self.session.close()

    def prepare(self) -> list[Outcome]:
        """What the visitor does before the crowd starts (nothing, unless a subclass says)."""
        return []

    def search(self, words: str) -> Outcome:
        raise NotImplementedError

    def course_page(self, slug: str) -> Outcome:
        raise NotImplementedError

    def enroll(self, slug: str, name: str, email: str) -> Outcome:
        raise NotImplementedError

    def _send(
        self,
        kind: str,
        send: Callable[[], requests.Response],
        *,
        course: str = "",
        email: str = "",
        shows: Callable[[requests.Response], bool] = lambda _: False,
        recommendations: Callable[[requests.Response], int | None] = lambda _: None,
    ) -> Outcome:
        started = time.monotonic()
        try:
            response = send()
        except requests.RequestException as error:
            ended = time.monotonic()
            return Outcome(
                self.design,
                kind,
                None,
                ended,
                ended - started,
                error=f"{type(error).__name__}: {error}",
                course=course,
                email=email,
            )
        ended = time.monotonic()
        try:
            shown = shows(response)
        except (ValueError, KeyError, TypeError):  # not the JSON a good answer has
            shown = False
        return Outcome(
            self.design,
            kind,
            response.status_code,
            ended,
            ended - started,
            course=course,
            email=email,
            shown=shown,
            recommendations=recommendations(response),
        )


class ApiVisitor(Visitor):
    """A program using the catalog API (the frontend's JavaScript, the Python client)."""

    design = "api"

    def search(self, words: str) -> Outcome:
        return self._send(
            "search",
            lambda: self.session.get(
                f"{self.url}/api/v2/courses", params={"q": words}, timeout=HANG
            ),
            shows=lambda response: response.status_code == 200 and response.json()["total"] > 0,
        )

    def course_page(self, slug: str) -> Outcome:
        return self._send(
            "page",
            lambda: self.session.get(f"{self.url}/api/v2/courses/{slug}", timeout=HANG),
            shows=lambda response: response.status_code == 200 and response.json()["slug"] == slug,
        )

    def enroll(self, slug: str, name: str, email: str) -> Outcome:
        return self._send(
            "enroll",
            lambda: self.session.post(
                f"{self.url}/api/v2/courses/{slug}/enrollments",
                json={"name": name, "email": email},
                timeout=HANG,
            ),
            course=slug,
            email=email,
            shows=lambda response: response.status_code == 201,
        )


class MonolithVisitor(Visitor):
    """A browser on the monolith's pages: it fills in the enroll form of a course page."""

    design = "monolith"
    token = ""

    def prepare(self) -> list[Outcome]:
        """Open a course page, as a browser must before it can send its form: the session
        cookie and the CSRF token come with it."""
        parser = _CsrfToken()

        def open_form() -> requests.Response:
            response = self.session.get(f"{self.url}/courses/{COURSES[0]}", timeout=HANG)
            parser.feed(response.text)
            return response

        outcome = self._send("form", open_form, shows=lambda _: bool(parser.token))
        self.token = parser.token
        return [outcome]

    def search(self, words: str) -> Outcome:
        return self._send(
            "search",
            lambda: self.session.get(f"{self.url}/", params={"q": words}, timeout=HANG),
            shows=lambda response: (
                response.status_code == 200 and 'class="course-card"' in response.text
            ),
        )

    def course_page(self, slug: str) -> Outcome:
        return self._send(
            "page",
            lambda: self.session.get(f"{self.url}/courses/{slug}", timeout=HANG),
            shows=lambda response: f'action="/courses/{slug}"' in response.text,
            # The monolith's own model fills "students who liked this also liked".
            recommendations=lambda response: response.text.count('class="rec-card"'),
        )

    def enroll(self, slug: str, name: str, email: str) -> Outcome:
        form = {"csrf_token": self.token, "name": name, "email": email}

        def acknowledged(response: requests.Response) -> bool:
            # Post/redirect/get: back to the course page, where the flash says it worked.
            location = response.headers.get("Location", "")
            return response.status_code == 302 and location.endswith(f"/courses/{slug}")

        return self._send(
            "enroll",
            lambda: self.session.post(
                f"{self.url}/courses/{slug}", data=form, timeout=HANG, allow_redirects=False
            ),
            course=slug,
            email=email,
            shows=acknowledged,
        )


VISITORS: dict[str, type[Visitor]] = {"api": ApiVisitor, "monolith": MonolithVisitor}
V = TypeVar("V", bound=Visitor)


def all_at_once(visitors: Sequence[V], behave: Callable[[int, V], list[Outcome]]) -> list[Outcome]:
    """Each visitor prepares, then all wait at one starting line (a barrier) and are let go
    together, each doing `behave(number, visitor)` in its own thread. Every outcome, in order."""
    start = threading.Barrier(len(visitors))

    def one(number: int) -> list[Outcome]:
        visitor = visitors[number]
        prepared = visitor.prepare()
        try:
            start.wait(timeout=ASSEMBLE)
        except threading.BrokenBarrierError:
            ended = time.monotonic()
            return [*prepared, Outcome(visitor.design, "start", None, ended, 0, "crowd not ready")]
        return [*prepared, *behave(number, visitor)]

    with ThreadPoolExecutor(len(visitors), thread_name_prefix="visitor") as pool:
        per_visitor = list(pool.map(one, range(len(visitors))))
    for visitor in visitors:
        visitor.close()
    return [outcome for outcomes in per_visitor for outcome in outcomes]


class Tally:
    """A count kept by many threads, and a way to wait until it comes to a number."""

    def __init__(self) -> None:
        self.count = 0
        self._over = False
        self._changed = threading.Condition()

    def add(self) -> None:
        with self._changed:
            self.count += 1
            self._changed.notify_all()

    def over(self) -> None:
        """Nothing more will be counted (the crowd has gone home): stop waiting."""
        with self._changed:
            self._over = True
            self._changed.notify_all()

    def wait_for(self, target: int, timeout: float) -> bool:
        """Whether the count came to `target` (False: the crowd ended first, or time ran out)."""
        with self._changed:
            self._changed.wait_for(lambda: self.count >= target or self._over, timeout)
            return self.count >= target


def statuses(outcomes: Sequence[Outcome]) -> Counter[tuple[str, str]]:
    """How many of each (kind, status or error): what an assertion shows when it fails."""
    return Counter((outcome.kind, outcome.label) for outcome in outcomes)


def print_latencies(title: str, outcomes: Sequence[Outcome]) -> None:
    """Median, 95th percentile and slowest answer: figures to read, never to assert."""
    seconds = sorted(outcome.seconds for outcome in outcomes if outcome.status is not None)
    if not seconds:
        return
    median, p95 = seconds[len(seconds) // 2], seconds[int(len(seconds) * 0.95) - 1]
    print(
        f"{title}: {len(seconds)} answers, median {median * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, slowest {seconds[-1] * 1000:.0f} ms"
    )


def stored_enrollments(database: Path) -> Counter[tuple[str, str]]:
    """Every (course slug, email) row in a twin's SQLite file, read with sqlite3 itself."""
    with closing(sqlite3.connect(database)) as connection:
        rows = connection.execute(
            "SELECT courses.slug, enrollments.email FROM enrollments "
            "JOIN courses ON courses.id = enrollments.course_id"
        ).fetchall()
    return Counter((slug, email) for slug, email in rows)


def integrity_check(database: Path) -> list[str]:
    """SQLite's own check of the whole file: ["ok"] when nothing is damaged."""
    with closing(sqlite3.connect(database)) as connection:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]
