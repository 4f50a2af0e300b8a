"""Fixtures for the monolith's tests, in the style of Flask's own tutorial (flaskr).

Every test gets its own app on its own temporary database, seeded from the real dataset
`data/courses.json`, so tests never share state and never touch `var/`: an SQLite file, or with
COURSEHUB_TEST_DATABASE=postgresql a database on a PostgreSQL server
(tests/support/databases.py). CSRF protection stays
on, as in production: tests that post a form first fetch the page and send back the token from
its hidden input, exactly like a browser.

Besides `app`, `client` and `runner`, a few helpers are handed out as fixtures (so that test
modules never import this file):

- `dataset`: the records of `data/courses.json`, the source of truth the app was seeded from.
- `expected_slugs`: the search rules (written down in the docstring of
  `monolith.search`) written again here in plain Python over the JSON records, so
  a test compares the pages with an independent answer, in exact order.
- `search`: runs a search through the home page and returns what a visitor sees (a `Page`).
- `all_result_slugs`: walks every page of a search and joins the results.
- `page_of`: reads any response as a `Page` (status, result cards, inputs, links, text).
- `enroll`: fills in the enrol form of a course page like a browser (token included).
- `database`: the test's database (`database.rows(sql)` reads it, not through the app).
- `count_rows`: how many rows a table holds, read straight from the database.
- `trained_models`: both recommenders trained once per session by `python -m decoupled.ml.train`
  into a temporary MODEL_DIR (the tests may run the ML side's code; `monolith/` never imports it).
"""

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from werkzeug.test import TestResponse

from monolith import create_app, db
from tests.support.databases import Database, SessionDatabases, TestDatabases

REPO_ROOT = Path(__file__).resolve().parents[2]
DATASET = REPO_ROOT / "data" / "courses.json"
PER_PAGE = 12


# --- the dataset ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def dataset_path() -> Path:
    return DATASET


@pytest.fixture(scope="session")
def dataset() -> list[dict[str, Any]]:
    """Every course record of data/courses.json."""
    return json.loads(DATASET.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def by_slug(dataset: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {record["slug"]: record for record in dataset}


# --- the app --------------------------------------------------------------------------------


class _SharedBytecode(BytecodeCache):
    """Compiled templates kept in memory and shared by every test's app (compiling the same
    templates again for each new app would make up most of the suite's time)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _SharedBytecode()


def make_app(database: Database, **config: Any) -> Flask:
    """The app as the tests run it: TESTING on, CSRF on, its own database.

    The dataset, the storefront's look and the partner API are pinned, so that environment
    variables meant for a demo (DATA_FILE, MONOLITH_REDESIGN, MONOLITH_API) cannot change what
    these tests check.
    """
    app = create_app(
        {
            "TESTING": True,
            **database.monolith_config(),
            "DATA_FILE": str(DATASET),
            "SECRET_KEY": "test",
            "REDESIGN": False,
            "API": False,
            # No public limits: tests search and enrol often from one address (the limits'
            # own tests, test_rate_limits.py, set them).
            "SEARCH_RATE_LIMIT": "",
            "ENROLLMENT_RATE_LIMIT": "",
            "REDIS_URL": "",  # counted in this process, whatever a learner exported
            **config,
        }
    )
    app.jinja_env.bytecode_cache = _TEMPLATES
    return app


def close_app(app: Flask) -> None:
    with app.app_context():
        db.get_engine().dispose()


@pytest.fixture(scope="session")
def seeded_database(session_databases: SessionDatabases) -> Database:
    """A database created and seeded once by the app's own first start.

    Seeding takes a noticeable fraction of a second; copying the result is instant, so each
    test still gets a fresh, isolated database. (test_db.py checks the first start itself.)
    """
    return session_databases.seeded("monolith", DATASET)


@pytest.fixture
def database(databases: TestDatabases, seeded_database: Database) -> Database:
    return databases.copy(seeded_database, "coursehub.sqlite3")


@pytest.fixture
def app(database: Database) -> Iterator[Flask]:
    app = make_app(database)
    yield app
    close_app(app)


@pytest.fixture
def app_factory(databases: TestDatabases) -> Iterator[Callable[..., Flask]]:
    """make(database=None, **config): more apps (on a new empty database by default, which
    the app seeds), closed at the end of the test."""
    apps: list[Flask] = []

    def make(database: Database | None = None, **config: Any) -> Flask:
        app = make_app(database or databases.empty("other.sqlite3"), **config)
        apps.append(app)
        return app

    yield make
    for app in apps:
        close_app(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def count_rows(database: Database) -> Callable[[str], int]:
    """Rows in a table, read on a connection of its own, not through the app."""

    def count(table: str) -> int:
        assert re.fullmatch(r"[a-z_]+", table)
        [(rows,)] = database.rows(f"SELECT count(*) FROM {table}")
        return rows

    return count


# --- reading pages --------------------------------------------------------------------------


class _PageParser(HTMLParser):
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
    parser = _PageParser()
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


def result_slugs(html: str) -> list[str]:
    """The slugs of the course cards on a search page, in the order shown."""
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.card_slugs


@pytest.fixture
def page_of() -> Callable[[TestResponse], Page]:
    """page_of(client.get(...)): read a response the way the tests look at pages."""
    return read_page


@pytest.fixture
def search(client: FlaskClient) -> Callable[..., Page]:
    """search(q="ai agents", level="beginner", page=2): the home page as a visitor sees it."""

    def run(**params: Any) -> Page:
        return read_page(client.get("/", query_string=params))

    return run


@pytest.fixture
def all_result_slugs(search: Callable[..., Page]) -> Callable[..., list[str]]:
    """Walk every page of a search, one page number after the other, and join the results."""

    def walk(**params: Any) -> list[str]:
        slugs: list[str] = []
        for number in range(1, 1001):
            page = search(**params, page=number)
            assert page.status == 200, page.text
            if not page.slugs:
                return slugs
            assert len(page.slugs) <= PER_PAGE
            slugs.extend(page.slugs)
        raise AssertionError("more than 1000 pages")

    return walk


# --- enrolling like a browser ---------------------------------------------------------------


def csrf_token_from(html: str) -> str:
    parser = _PageParser()
    parser.feed(html)
    token = parser.inputs.get("csrf_token", "")
    assert token, "the page has no hidden csrf_token input"
    return token


@pytest.fixture
def csrf_token(client: FlaskClient) -> Callable[[str], str]:
    """csrf_token("/courses/x"): the token a browser would find in that page's form."""

    def fetch(url: str) -> str:
        return csrf_token_from(client.get(url).get_data(as_text=True))

    return fetch


@pytest.fixture
def enroll(client: FlaskClient) -> Callable[..., TestResponse]:
    """enroll(slug, name, email): open the course page, fill in the form, press Enrol."""

    def submit(slug: str, name: str, email: str, **extra: str) -> TestResponse:
        page = client.get(f"/courses/{slug}")
        assert page.status_code == 200
        form = {"csrf_token": csrf_token_from(page.get_data(as_text=True))}
        form.update(name=name, email=email, **extra)
        return client.post(f"/courses/{slug}", data=form)

    return submit


# --- the spec, in plain Python --------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return list(dict.fromkeys(word.lower() for word in _WORD.findall(text)))


def _starts_some_word(query_word: str, words: list[str]) -> bool:
    return any(word.startswith(query_word) for word in words)


def expected_order(
    dataset: list[dict[str, Any]],
    q: str = "",
    category: str | None = None,
    level: str | None = None,
    max_price: float | None = None,
    min_rating: float | None = None,
    sort: str = "relevance",
) -> list[str]:
    """The slugs a search must list, in order, computed from the JSON records."""
    query_words = _words(q)
    matches = []
    for record in dataset:
        searchable = _words(
            " ".join([record["title"], record["headline"], *record["tags"], record["instructor"]])
        )
        if not all(_starts_some_word(word, searchable) for word in query_words):
            continue
        if category is not None and record["category"]["slug"] != category:
            continue
        if level is not None and record["level"] != level:
            continue
        if max_price is not None and Decimal(str(record["price"])) > Decimal(str(max_price)):
            continue
        if min_rating is not None and Decimal(str(record["rating"])) < Decimal(str(min_rating)):
            continue
        matches.append(record)

    def cents(record: dict[str, Any]) -> int:
        return round(record["price"] * 100)

    def published(record: dict[str, Any]) -> int:
        return date.fromisoformat(record["published"]).toordinal()

    def title_hits(record: dict[str, Any]) -> int:
        title = _words(record["title"])
        return sum(_starts_some_word(word, title) for word in query_words)

    keys: dict[str, Callable[[dict[str, Any]], tuple[Any, ...]]] = {
        "relevance": lambda r: (-title_hits(r), -r["rating"], -r["student_count"], r["slug"]),
        "rating": lambda r: (-r["rating"], -r["review_count"], r["slug"]),
        "newest": lambda r: (-published(r), r["slug"]),
        "price_asc": lambda r: (cents(r), r["slug"]),
        "price_desc": lambda r: (-cents(r), r["slug"]),
    }
    return [record["slug"] for record in sorted(matches, key=keys[sort])]


@pytest.fixture
def expected_slugs(dataset: list[dict[str, Any]]) -> Callable[..., list[str]]:
    def expected(**params: Any) -> list[str]:
        return expected_order(dataset, **params)

    return expected


# --- the trained recommenders ---------------------------------------------------------------


@pytest.fixture(scope="session")
def trained_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A MODEL_DIR with both models, trained from data/courses.json as `make train` does."""
    folder = tmp_path_factory.mktemp("models")
    environment = {**os.environ, "MODEL_DIR": str(folder), "DATA_FILE": str(DATASET)}
    trained = subprocess.run(
        [sys.executable, "-m", "decoupled.ml.train"],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert trained.returncode == 0, trained.stdout + trained.stderr
    return folder
