"""Fixtures for the catalog API's tests: a fresh app and database for every test.

Each test's database is a copy of one seeded at the start of the session: an SQLite file, or
with COURSEHUB_TEST_DATABASE=postgresql a PostgreSQL database (tests/support/databases.py).
`client` is a FastAPI `TestClient` used in a `with` block, so the app's lifespan runs as under
uvicorn.
`expected_search` is the search rules read independently, in plain Python, over the dataset
file (tests/support/oracle.py): the API's answers are checked against it, so a stub or a wrong
order cannot pass.
"""

import functools
import json
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
from tests.support.oracle import expected_slugs

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
            # No public limits: tests search and enroll often from one address. The tests of
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


# --- what a search must return, worked out from data/courses.json, not the API's code -----


@pytest.fixture(scope="session")
def courses() -> list[dict[str, Any]]:
    return json.loads(Path(get_settings().data_file).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def expected_search(courses: list[dict[str, Any]]) -> Callable[..., list[str]]:
    """The slugs a search must return, all pages, in order, by the search rules applied here
    (tests/support/oracle.py): `expected_search("ai agents", sort="rating", level="beginner")`."""
    return functools.partial(expected_slugs, courses)


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
