"""Both twins limit a burst from one address alike: the same counts, then a 429 with a wait."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from flask.testing import FlaskClient

from decoupled.backend.config import Settings
from decoupled.backend.main import create_app as create_api
from monolith import create_app as create_monolith
from tests.monolith.pages import csrf_token_from
from tests.parity.twins import DATA_FILES
from tests.support.databases import TestDatabases

COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"


@pytest.fixture
def api(databases: TestDatabases) -> Iterator[TestClient]:
    settings = Settings(
        database_url=databases.for_twin("api", DATA_FILES["api"]).url,
        search_rate_limit="5/minute",
        enrollment_rate_limit="3/minute",
    )
    with TestClient(create_api(settings)) as client:
        yield client


@pytest.fixture
def monolith(databases: TestDatabases) -> Iterator[FlaskClient]:
    config = {"SEARCH_RATE_LIMIT": "5/minute", "ENROLLMENT_RATE_LIMIT": "3/minute"}
    database = databases.for_twin("monolith", DATA_FILES["monolith"]).monolith_config()
    app = create_monolith({"TESTING": True, **database} | config)
    yield app.test_client()
    app.extensions["coursehub_engine"].dispose()


def test_both_twins_answer_five_searches_then_ask_to_wait(api: TestClient, monolith: FlaskClient):
    from_api = [api.get("/api/v2/courses", params={"q": "ai"}) for _ in range(7)]
    from_monolith = [monolith.get("/", query_string={"q": "ai"}) for _ in range(7)]

    assert [r.status_code for r in from_api] == [r.status_code for r in from_monolith]
    assert [r.status_code for r in from_api] == [200] * 5 + [429] * 2
    assert "Retry-After" in from_api[-1].headers and "Retry-After" in from_monolith[-1].headers


def test_both_twins_take_three_enrollments_then_refuse_the_fourth(
    api: TestClient, monolith: FlaskClient
):
    token = csrf_token_from(monolith.get(f"/courses/{COURSE}").get_data(as_text=True))
    from_api, from_monolith = [], []
    for number in range(4):
        person = {"name": "Ada", "email": f"ada{number}@example.com"}
        url = f"/api/v2/courses/{COURSE}/enrollments"
        from_api.append(api.post(url, json=person).status_code)
        form = person | {"csrf_token": token}
        from_monolith.append(monolith.post(f"/courses/{COURSE}", data=form).status_code)

    assert from_api == [201, 201, 201, 429]
    assert from_monolith == [302, 302, 302, 429]  # the monolith's "enrolled" is a redirect
