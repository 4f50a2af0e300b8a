"""Fixtures for the monolith's tests, in the style of Flask's own tutorial (flaskr).

Every test gets its own app on its own temporary database, seeded from the real dataset
`data/courses.json`, so tests never share state and never touch `var/`: an SQLite file, or with
COURSEHUB_TEST_DATABASE=postgresql a database on a PostgreSQL server
(tests/support/databases.py). CSRF protection stays
on, as in production: tests that post a form first fetch the page and send back the token from
its hidden input, exactly like a browser.

Besides `app`, `client` and `runner`, a few helpers are handed out as fixtures (test modules
never import this file; what they import is in pages.py):

- `dataset`: the records of `data/courses.json`, the source of truth the app was seeded from.
- `expected_slugs`: the search rules (written down in the docstring of
  `monolith.search`) written again in plain Python over the JSON records
  (tests/support/oracle.py), so a test compares the pages with an independent answer, in
  exact order.
- `search`: runs a search through the home page and returns what a visitor sees (a `Page`).
- `all_result_slugs`: walks every page of a search and joins the results.
- `page_of`: reads any response as a `Page` (status, result cards, inputs, links, text).
- `enroll`: fills in the enroll form of a course page like a browser (token included).
- `database`: the test's database (`database.rows(sql)` reads it, not through the app).
- `count_rows`: how many rows a table holds, read straight from the database.

`trained_models` (tests/conftest.py) holds both recommenders, trained once per session by
`python -m decoupled.ml.train` (the tests may run the ML side's code; `monolith/` never imports it).
"""

import functools
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from werkzeug.test import TestResponse

from monolith import create_app, db
from tests.monolith.pages import Page, csrf_token_from, read_page
from tests.support import oracle
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
            # No public limits: tests search and enroll often from one address (the limits'
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


@pytest.fixture
def csrf_token(client: FlaskClient) -> Callable[[str], str]:
    """csrf_token("/courses/x"): the token a browser would find in that page's form."""

    def fetch(url: str) -> str:
        return csrf_token_from(client.get(url).get_data(as_text=True))

    return fetch


@pytest.fixture
def enroll(client: FlaskClient) -> Callable[..., TestResponse]:
    """enroll(slug, name, email): open the course page, fill in the form, press Enroll."""

    def submit(slug: str, name: str, email: str, **extra: str) -> TestResponse:
        page = client.get(f"/courses/{slug}")
        assert page.status_code == 200
        form = {"csrf_token": csrf_token_from(page.get_data(as_text=True))}
        form.update(name=name, email=email, **extra)
        return client.post(f"/courses/{slug}", data=form)

    return submit


# --- what a search must return, worked out in plain Python from data/courses.json ----------


@pytest.fixture
def expected_slugs(dataset: list[dict[str, Any]]) -> Callable[..., list[str]]:
    """expected_slugs(q="ai", sort="rating"): the search rules' answer (tests/support/oracle.py)."""
    return functools.partial(oracle.expected_slugs, dataset)
