"""The monolith with an API (MONOLITH_API=1): a JSON partner feed served by the same program.

The feed's answers are compared with the catalog API's in tests/parity/; here: it is off by
default, keys are made and revoked on the command line and stored hashed, a 401 names the
credential it wants, the HTML pages do not change, and a database from before the feed existed
is brought up to date without losing anything.
"""

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from monolith import create_app
from monolith.partner_api.keys import hash_key
from tests.lessons.commands.makefile import live_make, needs_make
from tests.support.commands import run
from tests.support.databases import Database, TestDatabases
from tests.support.environment import clean_environment

FEED = "/api/v1/partner/courses"


def _make_key(app: Flask, name: str = "acme") -> str:
    result = app.test_cli_runner().invoke(args=["create-partner-key", name])
    assert result.exit_code == 0, result.output
    first, key = result.output.splitlines()
    assert first == f"API key for {name} (shown once; only its hash is stored):"
    return key


@pytest.fixture
def api_app(app_factory: Callable[..., Flask], database: Database) -> Flask:
    return app_factory(database, API=True)


def test_by_default_the_monolith_has_no_api_only_an_html_404(client: FlaskClient):
    response = client.get(FEED, headers={"X-API-Key": "anything"})
    assert response.status_code == 404
    assert response.content_type.startswith("text/html")
    assert "find that page" in response.get_data(as_text=True)


def test_with_the_api_on_a_partner_key_reads_the_feed(api_app: Flask):
    key = _make_key(api_app)
    response = api_app.test_client().get(FEED + "?limit=3", headers={"X-API-Key": key})
    assert response.status_code == 200
    body = response.get_json()
    assert body["items"][0]["slug"] == "agentes-de-ia-con-python-para-principiantes"
    assert len(body["items"]) == 3
    assert body["next_cursor"] == 3
    assert response.headers["RateLimit-Limit"] == "60"
    assert response.headers["RateLimit-Remaining"] == "59"


def test_the_feed_shows_a_course_with_typed_values(api_app: Flask):
    key = _make_key(api_app)
    body = api_app.test_client().get(FEED + "?limit=1", headers={"X-API-Key": key}).get_json()
    course = body["items"][0]
    assert list(course) == [
        "slug", "title", "headline", "description", "category", "level", "instructor", "price",
        "rating", "review_count", "student_count", "language", "hours", "tags", "published",
        "updated_at",
    ]  # fmt: skip
    assert isinstance(course["price"], float | int)
    assert isinstance(course["tags"], list)
    assert course["category"].keys() == {"name", "slug"}


def test_the_feed_is_json_with_accents_as_they_are(api_app: Flask):
    key = _make_key(api_app)
    text = api_app.test_client().get(FEED + "?limit=1", headers={"X-API-Key": key}).text
    assert "información" in text


def test_only_the_hash_of_a_key_is_stored(api_app: Flask, database: Database):
    key = _make_key(api_app)
    stored = database.rows("SELECT name, key_hash FROM partner_keys")
    assert stored == [("acme", hash_key(key))]
    if database.file is not None:  # the whole file, free space and journal included
        assert key.encode() not in database.file.read_bytes()


def test_a_key_can_be_made_while_the_api_is_off(app: Flask, app_factory, database: Database):
    key = _make_key(app)
    api_app = app_factory(database, API=True)
    assert api_app.test_client().get(FEED, headers={"X-API-Key": key}).status_code == 200


def test_with_the_api_on_the_html_pages_are_unchanged(client: FlaskClient, api_app: Flask) -> None:
    for path in ("/?q=ai+agents", "/categories", "/no-such-page"):
        assert api_app.test_client().get(path).data == client.get(path).data


def test_with_the_api_on_html_errors_stay_pages_for_people(api_app: Flask):
    response = api_app.test_client().get("/courses/no-such-course")
    assert response.status_code == 404
    assert response.content_type.startswith("text/html")


def test_the_api_refuses_without_a_key_in_json(api_app: Flask):
    response = api_app.test_client().get(FEED)
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"
    assert response.get_json()["detail"] == "A valid X-API-Key header is required."


def test_a_misspelt_rate_limit_stops_the_app_at_start_up(databases: TestDatabases):
    with pytest.raises(ValueError):
        create_app(
            {"TESTING": True, **databases.empty("m.sqlite3").monolith_config(), "API": True,
             "PARTNER_RATE_LIMIT": "sixty a minute"}
        )  # fmt: skip


@pytest.mark.sqlite_only("the monolith ran on SQLite alone before the partner API came")
def test_a_database_from_before_the_api_is_brought_up_to_date_keeping_enrollments(
    app_factory: Callable[..., Flask], database: Database, count_rows: Callable[[str], int]
):
    database.run("DROP TABLE partner_keys")
    database.run("DROP INDEX IF EXISTS ix_courses_updated_at")
    database.run("ALTER TABLE courses DROP COLUMN updated_at")
    database.run(
        "INSERT INTO enrollments (course_id, name, email, created_at) "
        "VALUES (1, 'Ada', 'ada@example.com', CURRENT_TIMESTAMP)"
    )

    api_app = app_factory(database, API=True)
    key = _make_key(api_app)
    body = api_app.test_client().get(FEED + "?limit=1", headers={"X-API-Key": key}).get_json()
    assert body["items"][0]["updated_at"].endswith("Z")
    assert count_rows("enrollments") == 1
    assert count_rows("courses") == 256


def _revoke(app: Flask, name: str) -> tuple[int, str]:
    """`make monolith-revoke-partner-key NAME=...`, in-process: (exit code, what it printed)."""
    result = app.test_cli_runner().invoke(args=["revoke-partner-key", name])
    return result.exit_code, result.output


def _key_names(database: Database) -> list[str]:
    return [name for (name,) in database.rows("SELECT name FROM partner_keys ORDER BY id")]


def test_revoking_a_partner_deletes_every_key_of_that_partner_and_says_how_many(
    api_app: Flask, database: Database
):
    for name in ("acme", "acme", "globex"):
        _make_key(api_app, name)

    assert _revoke(api_app, "acme") == (0, "Revoked 2 API keys for acme.\n")
    assert _key_names(database) == ["globex"]


def test_revoking_a_partner_without_keys_says_none_were_revoked_and_is_no_error(
    api_app: Flask, database: Database
):
    _make_key(api_app, "globex")

    assert _revoke(api_app, "nobody") == (0, "Revoked 0 API keys for nobody.\n")
    assert _key_names(database) == ["globex"]


def test_a_revoked_key_gets_a_401_at_once_from_the_running_monolith(
    api_app: Flask, app_factory: Callable[..., Flask], database: Database
):
    key = {"X-API-Key": _make_key(api_app)}
    running = api_app.test_client()
    assert running.get(FEED + "?limit=1", headers=key).status_code == 200

    # The command runs as a program of its own would: another app, its own connection.
    assert _revoke(app_factory(database, API=True), "acme") == (0, "Revoked 1 API key for acme.\n")
    response = running.get(FEED + "?limit=1", headers=key)

    assert response.status_code == 401
    assert response.get_json()["detail"] == "A valid X-API-Key header is required."


@pytest.mark.parametrize("key", [None, "", "not-a-key"])
@pytest.mark.parametrize("path", [FEED, "/api/v1/partner/stats"])
def test_a_401_says_which_credential_it_wants(api_app: Flask, key: str | None, path: str):
    headers = {"X-API-Key": key} if key is not None else {}
    response = api_app.test_client().get(path, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'ApiKey header="X-API-Key"'


@needs_make
def test_make_monolith_revoke_partner_key_runs_the_command_and_needs_a_name(
    api_app: Flask, database: Database
):
    key = {"X-API-Key": _make_key(api_app)}
    running = api_app.test_client()
    assert running.get(FEED + "?limit=1", headers=key).status_code == 200
    environment = clean_environment(**database.monolith_environment())
    revoked = run(live_make("monolith-revoke-partner-key", "NAME=acme"), environment)
    unnamed = run(live_make("monolith-revoke-partner-key"), environment)

    assert revoked.returncode == 0, revoked.stderr
    assert revoked.stdout.splitlines()[-1] == "Revoked 1 API key for acme."
    assert running.get(FEED + "?limit=1", headers=key).status_code == 401
    assert unnamed.returncode != 0
    assert "Usage: make monolith-revoke-partner-key NAME=acme" in unnamed.stdout


@pytest.mark.parametrize("cursor", [2**31, 2**63 - 1])
def test_a_cursor_past_every_course_is_an_empty_last_page(api_app: Flask, cursor: int):
    # Any 64-bit number is a cursor; on PostgreSQL the ids are 32-bit integers.
    key = _make_key(api_app)
    response = api_app.test_client().get(
        FEED, query_string={"cursor": cursor}, headers={"X-API-Key": key}
    )

    assert response.status_code == 200, response.text
    assert response.get_json() == {"items": [], "next_cursor": None}
