"""The partner feed is the same contract whether the monolith serves it or the catalog API does.

With `MONOLITH_API=1` the monolith publishes `/api/v1/partner/courses` and `/partner/stats`
itself, from its own code. A partner's program cannot tell the two apart: the same courses in
the same order and pages, the same JSON fields, the same refusals word for word. Only
`updated_at` differs (each twin stamps its own rows when it seeds them).
"""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from decoupled.backend import cli as api_cli
from decoupled.backend.config import Settings, get_settings
from decoupled.backend.main import create_app as create_api
from decoupled.backend.models import PartnerKey as ApiPartnerKey
from decoupled.backend.security import hash_key
from monolith import create_app as create_monolith
from tests.parity.twins import DATA_FILES
from tests.support.databases import Database, SessionDatabases, TestDatabases, drop

FEED = "/api/v1/partner/courses"
STATS = "/api/v1/partner/stats"
COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"


class Feeds:
    """The two partner feeds, each with a key of its own, asked the same questions."""

    def __init__(self, monolith: FlaskClient, monolith_key: str, api: TestClient, api_key: str):
        self.monolith, self.monolith_key, self.api, self.api_key = (
            monolith,
            monolith_key,
            api,
            api_key,
        )

    def get(self, path: str, *, key: str | None = "ours") -> tuple[Any, Any]:
        """(monolith answer, API answer): status, content type, body; `key=None` sends none."""
        keys = (self.monolith_key, self.api_key) if key == "ours" else (key, key)
        monolith_headers = {"X-API-Key": keys[0]} if keys[0] is not None else {}
        api_headers = {"X-API-Key": keys[1]} if keys[1] is not None else {}
        from_monolith = self.monolith.get(path, headers=monolith_headers)
        from_api = self.api.get(path, headers=api_headers)
        return (
            (from_monolith.status_code, from_monolith.content_type, from_monolith.get_json()),
            (from_api.status_code, from_api.headers["content-type"], from_api.json()),
        )


def _make_feeds(databases: tuple[Database, Database], rate_limit: str) -> Iterator[Feeds]:
    monolith_database, api_database = databases
    monolith = create_monolith(
        {
            "TESTING": True,
            **monolith_database.monolith_config(),
            "API": True,
            "PARTNER_RATE_LIMIT": rate_limit,
        }
    )
    made = monolith.test_cli_runner().invoke(args=["create-partner-key", "acme"])
    assert made.exit_code == 0, made.output
    monolith_key = made.output.split()[-1]

    settings = Settings(database_url=api_database.url, partner_rate_limit=rate_limit)
    api_key = "a-key-for-the-parity-suite"
    try:
        with TestClient(create_api(settings)) as api:
            with Session(api.app.state.engine) as session:  # type: ignore[attr-defined]
                session.add(ApiPartnerKey(name="acme", key_hash=hash_key(api_key)))
                session.commit()
            yield Feeds(monolith.test_client(), monolith_key, api, api_key)
    finally:
        monolith.extensions["coursehub_engine"].dispose()


def _pair(databases: TestDatabases) -> tuple[Database, Database]:
    """A database for each twin: (the monolith's, the API's)."""
    monolith = databases.for_twin("monolith", DATA_FILES["monolith"])
    return monolith, databases.for_twin("api", DATA_FILES["api"])


@pytest.fixture(scope="module")
def feeds(
    session_databases: SessionDatabases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Feeds]:
    folder = tmp_path_factory.mktemp("feeds")
    pair = [session_databases.for_twin(twin, DATA_FILES[twin], folder) for twin in DATA_FILES]
    yield from _make_feeds((pair[0], pair[1]), "10000/minute")
    for database in pair:
        drop(database)


def _without_updated_at(body: dict[str, Any]) -> dict[str, Any]:
    items = [{k: v for k, v in item.items() if k != "updated_at"} for item in body["items"]]
    return {**body, "items": items}


@pytest.mark.parametrize("limit", [100, 7, 1])
def test_walking_the_feed_gives_the_same_courses_pages_and_cursors(feeds: Feeds, limit: int):
    cursor: int | None = None
    seen = 0
    while True:
        query = f"?limit={limit}" + (f"&cursor={cursor}" if cursor is not None else "")
        (m_status, m_type, m_body), (a_status, a_type, a_body) = feeds.get(FEED + query)
        assert (m_status, m_type) == (a_status, a_type) == (200, "application/json")
        assert _without_updated_at(m_body) == _without_updated_at(a_body)
        seen += len(m_body["items"])
        cursor = m_body["next_cursor"]
        if cursor is None:
            break
    assert seen == 256


def test_every_course_of_the_feed_carries_an_rfc3339_updated_at_in_both(feeds: Feeds):
    from_monolith, from_api = feeds.get(FEED + "?limit=5")
    for body in (from_monolith[2], from_api[2]):
        for item in body["items"]:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", item["updated_at"])


@pytest.mark.parametrize(
    ("query", "count"),
    [("2000-01-01T00:00:00Z", 100), ("2999-01-01T00:00:00%2B02:00", 0)],
)
def test_updated_since_keeps_the_same_courses(feeds: Feeds, query: str, count: int):
    from_monolith, from_api = feeds.get(f"{FEED}?updated_since={query}")
    assert len(from_monolith[2]["items"]) == len(from_api[2]["items"]) == count
    assert _without_updated_at(from_monolith[2]) == _without_updated_at(from_api[2])


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=101",
        "limit=abc",
        "limit=",
        "limit=1.5",
        "cursor=-1",
        "cursor=x",
        "cursor=99999999999999999999",
        "updated_since=garbage",
        "updated_since=1700000000",
        "updated_since=2025-01-01T00:00:00",
        "limit=0&cursor=-1",
    ],
)
def test_bad_feed_parameters_are_refused_word_for_word_alike(feeds: Feeds, query: str):
    from_monolith, from_api = feeds.get(f"{FEED}?{query}")
    assert from_monolith == from_api
    assert from_monolith[:2] == (422, "application/problem+json")


@pytest.mark.parametrize("key", [None, "", "not-a-key"])
def test_a_missing_or_wrong_key_gets_the_same_401(feeds: Feeds, key: str | None):
    for path in (FEED, STATS):
        from_monolith, from_api = feeds.get(path, key=key)
        assert from_monolith == from_api
        assert from_monolith[0] == 401


@pytest.mark.parametrize("path", ["/api/v1/partner/nothing-here", f"{FEED}/1"])
def test_an_unknown_partner_address_gets_the_same_404_problem(feeds: Feeds, path: str):
    from_monolith, from_api = feeds.get(path)
    assert from_monolith == from_api
    assert from_monolith[:2] == (404, "application/problem+json")


def test_a_post_to_the_feed_gets_the_same_405_problem(feeds: Feeds):
    from_monolith = feeds.monolith.post(FEED, headers={"X-API-Key": feeds.monolith_key})
    from_api = feeds.api.post(FEED, headers={"X-API-Key": feeds.api_key})
    assert from_monolith.status_code == from_api.status_code == 405
    assert from_monolith.get_json() == from_api.json()
    assert "GET" in from_monolith.headers["Allow"]


def test_stats_count_the_same_enrollments_and_show_no_person(feeds: Feeds):
    feeds.api.post(
        f"/api/v1/courses/{COURSE}/enrollments",
        json={"name": "Ada Lovelace", "email": "ada-feed@example.com"},
    )
    # The monolith enrolls through its HTML form, with the form's CSRF token (TESTING keeps it on).
    page = feeds.monolith.get(f"/courses/{COURSE}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token, "the course page has no CSRF token"
    enrolled = feeds.monolith.post(
        f"/courses/{COURSE}",
        data={"csrf_token": token[1], "name": "Ada Lovelace", "email": "ada-feed@example.com"},
    )
    assert enrolled.status_code == 302

    from_monolith, from_api = feeds.get(STATS)
    assert from_monolith == from_api
    assert from_monolith[2]["enrollments"] == 1
    assert from_monolith[2]["by_course"][0] == {
        "slug": COURSE,
        "title": "Build AI Agents with Python: From Zero to Your First Agent",
        "enrollments": 1,
    }
    assert "ada" not in str(from_monolith[2]).lower()


def test_past_the_rate_limit_both_answer_429_with_retry_after(databases: TestDatabases):
    for twin in _make_feeds(_pair(databases), "2/minute"):
        answers = [twin.get(FEED + "?limit=1") for _ in range(3)]
        assert [m[0] for m, _ in answers] == [a[0] for _, a in answers] == [200, 200, 429]
        (_, m_type, m_body), (_, a_type, a_body) = answers[-1]
        assert m_type == a_type == "application/problem+json"
        for body in (m_body, a_body):
            assert re.fullmatch(
                r"Rate limit of 2 per 1 minute exceeded\. Retry in \d+ seconds\.", body["detail"]
            )
        from_monolith = twin.monolith.get(FEED, headers={"X-API-Key": twin.monolith_key})
        assert int(from_monolith.headers["Retry-After"]) >= 1
        assert from_monolith.headers["RateLimit-Remaining"] == "0"


@pytest.mark.parametrize("key", [None, "not-a-key"])
def test_a_401_names_the_same_credential_in_both(feeds: Feeds, key: str | None):
    headers = {"X-API-Key": key} if key is not None else {}
    for path in (FEED, STATS):
        from_monolith = feeds.monolith.get(path, headers=headers)
        from_api = feeds.api.get(path, headers=headers)
        assert from_monolith.status_code == from_api.status_code == 401
        challenge = from_api.headers["WWW-Authenticate"]
        assert from_monolith.headers.get("WWW-Authenticate") == challenge


def test_revoking_a_partner_says_the_same_in_both_and_its_key_gets_the_same_401(
    databases: TestDatabases,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    """`make monolith-revoke-partner-key NAME=...` and `make revoke-partner-key NAME=...`."""
    pair = _pair(databases)
    # The API's command finds its database the way `make` users point it: DATABASE_URL.
    monkeypatch.setenv("DATABASE_URL", pair[1].url)
    get_settings.cache_clear()
    try:
        for twin in _make_feeds(pair, "10000/minute"):
            assert [m[0] for m in twin.get(FEED + "?limit=1")] == [200, 200]
            for name, said in (
                ("acme", "Revoked 1 API key for acme.\n"),
                ("nobody", "Revoked 0 API keys for nobody.\n"),
            ):
                runner = twin.monolith.application.test_cli_runner()
                from_monolith = runner.invoke(args=["revoke-partner-key", name])
                api_cli.main(["revoke-partner-key", name])  # exits 0 by returning
                assert (from_monolith.exit_code, from_monolith.output) == (0, said)
                assert capsys.readouterr().out == said
            from_monolith, from_api = twin.get(FEED + "?limit=1")
            assert from_monolith == from_api
            assert from_monolith[0] == 401
    finally:
        get_settings.cache_clear()
