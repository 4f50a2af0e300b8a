"""Fixtures for the catalog API's tests: a fresh app and database for every test.

Each test's database is a copy of one seeded at the start of the session: an SQLite file, or
with COURSEHUB_TEST_DATABASE=postgresql a PostgreSQL database (tests/support/databases.py).
`client` is a FastAPI `TestClient` used in a `with` block, so the app's lifespan runs as under
uvicorn.
`expected_search` is an independent, pure-Python reading of the search rules over the
dataset file: the API's answers are checked against it, so a stub or a wrong order
cannot pass.
"""

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from decoupled.backend.config import Settings, get_settings
from decoupled.backend.main import create_app
from decoupled.backend.models import PartnerKey
from decoupled.backend.security import hash_key
from tests.support.databases import Database, SessionDatabases, TestDatabases

PROBLEM_JSON = "application/problem+json"
ALLOWED_ORIGINS = ["http://localhost:3000", "http://127.0.0.1:3000"]


@pytest.fixture(scope="session")
def seeded_database(session_databases: SessionDatabases) -> Database:
    """A database seeded once; each test gets a copy (seeding every time is slower)."""
    return session_databases.seeded("api", get_settings().data_file)


@pytest.fixture
def database(databases: TestDatabases, seeded_database: Database) -> Database:
    """This test's copy of the seeded catalog: what `app` and `make_settings()` use."""
    return databases.copy(seeded_database, "api.sqlite3")


@pytest.fixture
def make_settings(database: Database) -> Callable[..., Settings]:
    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "database_url": database.url,
            # DATA_FILE from the environment, else data/courses.json
            "data_file": get_settings().data_file,
            "cors_origins": ALLOWED_ORIGINS,
            "partner_rate_limit": "1000/minute",
            # No public limits: tests search and enrol often from one address. The tests of
            # the limits themselves set them (test_api_rate_limits.py).
            "search_rate_limit": "",
            "enrollment_rate_limit": "",
            # Counted in this process, whatever REDIS_URL a learner exported.
            "redis_url": "",
        }
        return Settings(**(values | overrides))

    return make


@pytest.fixture
def app(make_settings: Callable[..., Settings]) -> FastAPI:
    return create_app(make_settings())


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def add_partner_key(client: TestClient, app: FastAPI) -> Callable[..., str]:
    """Store a partner key the way `make partner-key` does (its hash only); return the key."""

    def add(name: str = "acme", key: str = "test-key-acme") -> str:
        with Session(app.state.engine) as session:
            session.add(PartnerKey(name=name, key_hash=hash_key(key)))
            session.commit()
        return key

    return add


@pytest.fixture
def partner_headers(add_partner_key: Callable[..., str]) -> dict[str, str]:
    return {"X-API-Key": add_partner_key()}


def _assert_problem(response: Any, status: int, *fields: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert "Traceback" not in response.text
    if fields:
        assert sorted(error["field"] for error in body["errors"]) == sorted(fields)
    return body


@pytest.fixture
def assert_problem() -> Callable[..., dict[str, Any]]:
    """`assert_problem(response, 422, "page")`: an RFC 9457 problem, these fields named."""
    return _assert_problem


# --- the spec, read independently of the API's code ------------------------------------

LEVELS = ("beginner", "intermediate", "advanced")


def _words(text: str) -> list[str]:
    return list(dict.fromkeys(word.lower() for word in re.findall(r"[^\W_]+", text)))


def _starts_some(word: str, text_words: list[str]) -> bool:
    return any(candidate.startswith(word) for candidate in text_words)


@pytest.fixture(scope="session")
def courses() -> list[dict[str, Any]]:
    return json.loads(Path(get_settings().data_file).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def expected_search(courses: list[dict[str, Any]]) -> Callable[..., list[str]]:
    """The slugs the spec says a search returns, all pages, in order."""

    def search(q: str = "", sort: str = "relevance", **filters: Any) -> list[str]:
        query = _words(q)
        found = []
        for course in courses:
            searchable = " ".join(
                [course["title"], course["headline"], *course["tags"], course["instructor"]]
            )
            if not all(_starts_some(word, _words(searchable)) for word in query):
                continue
            if "category" in filters and course["category"]["slug"] != filters["category"]:
                continue
            if "level" in filters and course["level"] != filters["level"]:
                continue
            if "max_price" in filters and course["price"] > filters["max_price"]:
                continue
            if "min_rating" in filters and course["rating"] < filters["min_rating"]:
                continue
            title_hits = sum(_starts_some(word, _words(course["title"])) for word in query)
            found.append((course, title_hits))

        keys: dict[str, Callable[[tuple[dict[str, Any], int]], Any]] = {
            "relevance": lambda c: (-c[1], -c[0]["rating"], -c[0]["student_count"]),
            "rating": lambda c: (-c[0]["rating"], -c[0]["review_count"]),
            "newest": lambda c: tuple(-int(part) for part in c[0]["published"].split("-")),
            "price_asc": lambda c: c[0]["price"],
            "price_desc": lambda c: -c[0]["price"],
        }
        found.sort(key=lambda c: c[0]["slug"])  # the last tie-breaker: a stable sort keeps it
        found.sort(key=keys[sort])
        return [course["slug"] for course, _ in found]

    return search


@pytest.fixture
def all_pages(client: TestClient) -> Callable[..., list[str]]:
    """Every slug an API search returns, following the pages."""

    def search(**params: Any) -> list[str]:
        slugs: list[str] = []
        page = 1
        while True:
            response = client.get("/api/v1/courses", params={**params, "page": page})
            assert response.status_code == 200, response.text
            body = response.json()
            slugs += [course["slug"] for course in body["items"]]
            if page >= body["pages"]:
                return slugs
            page += 1

    return search
