"""Partner routes: an X-API-Key (stored hashed), per-key rate limits, the feed and stats."""

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from decoupled.backend.db import reset_db
from decoupled.backend.main import create_app
from decoupled.backend.models import PartnerKey
from decoupled.backend.security import hash_key

FEED = "/api/v1/partner/courses"
STATS = "/api/v1/partner/stats"


@pytest.mark.parametrize("url", [FEED, STATS])
def test_partner_routes_without_a_key_are_401(client, assert_problem, url):
    body = assert_problem(client.get(url), 401)

    assert body["detail"] == "A valid X-API-Key header is required."


@pytest.mark.parametrize("key", ["wrong-key", "test-key-acm", "test-key-acme ", "x" * 5000])
def test_partner_routes_with_a_wrong_key_are_401(client, partner_headers, assert_problem, key):
    assert_problem(client.get(FEED, headers={"X-API-Key": key}), 401)


def test_a_401_comes_before_any_validation(client, assert_problem):
    assert_problem(client.get(FEED, params={"limit": "0"}), 401)


def test_the_right_key_reads_the_feed_and_sees_its_rate_limit(client, partner_headers):
    response = client.get(FEED, headers=partner_headers)

    assert response.status_code == 200
    assert response.headers["ratelimit-limit"] == "1000"
    assert response.headers["ratelimit-remaining"] == "999"
    assert int(response.headers["ratelimit-reset"]) > 0


def test_keys_are_stored_as_sha256_hashes_never_as_keys(client, app, add_partner_key):
    key = add_partner_key("globex", "a-secret-partner-key")

    with Session(app.state.engine) as session:
        stored = session.scalars(select(PartnerKey)).one()
    assert stored.name == "globex"
    assert stored.key_hash == hashlib.sha256(b"a-secret-partner-key").hexdigest()
    assert key not in str(vars(stored))


def test_the_feed_pages_through_the_whole_catalog_once(client, courses, partner_headers):
    slugs: list[str] = []
    cursor = None
    while True:
        params = {"limit": 50} | ({"cursor": cursor} if cursor is not None else {})
        body = client.get(FEED, params=params, headers=partner_headers).json()
        assert len(body["items"]) <= 50
        slugs += [course["slug"] for course in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break

    assert sorted(slugs) == sorted(course["slug"] for course in courses)


def test_feed_items_are_the_public_course_with_when_it_changed(client, courses, partner_headers):
    item = client.get(FEED, params={"limit": 1}, headers=partner_headers).json()["items"][0]

    changed = datetime.fromisoformat(item.pop("updated_at"))
    assert changed.tzinfo is not None
    assert abs(datetime.now(UTC) - changed) < timedelta(hours=1)
    assert item == next(course for course in courses if course["slug"] == item["slug"])


def test_updated_since_returns_only_courses_changed_since(client, courses, partner_headers):
    def feed(since: datetime) -> list:
        params = {"updated_since": since.isoformat(), "limit": 100}
        return client.get(FEED, params=params, headers=partner_headers).json()["items"]

    assert feed(datetime.now(UTC) + timedelta(hours=1)) == []
    assert len(feed(datetime.now(UTC) - timedelta(days=1))) == min(100, len(courses))


def test_bad_feed_parameters_are_422_problems(client, partner_headers, assert_problem):
    for params, field in [
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"cursor": "-1"}, "cursor"),
        ({"limit": "101"}, "limit"),
        ({"limit": "0"}, "limit"),
    ]:
        assert_problem(client.get(FEED, params=params, headers=partner_headers), 422, field)


def test_stats_count_enrollments_per_course(client, courses, partner_headers):
    first, second = courses[0]["slug"], courses[1]["slug"]
    enrollments = [(first, "a@example.com"), (first, "b@example.com"), (second, "a@example.com")]
    for slug, email in enrollments:
        url = f"/api/v1/courses/{slug}/enrollments"
        assert client.post(url, json={"name": "A", "email": email}).status_code == 201

    body = client.get(STATS, headers=partner_headers).json()

    assert body["courses"] == len(courses)
    assert body["enrollments"] == 3
    assert body["by_course"][:2] == [
        {"slug": first, "title": courses[0]["title"], "enrollments": 2},
        {"slug": second, "title": courses[1]["title"], "enrollments": 1},
    ]
    assert all(course["enrollments"] == 0 for course in body["by_course"][2:])


def test_over_the_rate_limit_is_a_429_saying_when_to_retry(make_settings, assert_problem):
    app = create_app(make_settings(partner_rate_limit="2/minute"))
    with TestClient(app) as client:
        with Session(app.state.engine) as session:
            session.add(PartnerKey(name="a", key_hash=hash_key("key-a")))
            session.add(PartnerKey(name="b", key_hash=hash_key("key-b")))
            session.commit()
        a, b = {"X-API-Key": "key-a"}, {"X-API-Key": "key-b"}

        remaining = [client.get(STATS, headers=a).headers["ratelimit-remaining"] for _ in "12"]
        third = client.get(FEED, headers=a)
        other_key = client.get(STATS, headers=b)

    assert remaining == ["1", "0"]
    body = assert_problem(third, 429)
    assert body["title"] == "Too Many Requests"
    assert 0 < int(third.headers["retry-after"]) <= 60
    assert third.headers["ratelimit-limit"] == "2"
    assert third.headers["ratelimit-remaining"] == "0"
    assert other_key.status_code == 200  # each key has its own limit


def test_a_new_key_after_reset_db_does_not_inherit_the_old_keys_429(make_settings):
    settings = make_settings(partner_rate_limit="2/minute")
    app = create_app(settings)
    with TestClient(app) as client:
        with Session(app.state.engine) as session:
            old = PartnerKey(name="acme", key_hash=hash_key("old-key"))
            session.add(old)
            session.commit()
            old_id = old.id
        statuses = [client.get(STATS, headers={"X-API-Key": "old-key"}).status_code for _ in "123"]
        assert statuses == [200, 200, 429]

        reset_db(app.state.engine, settings.data_file)  # what `make reset-db` does
        with Session(app.state.engine) as session:
            new = PartnerKey(name="acme", key_hash=hash_key("new-key"))
            session.add(new)
            session.commit()
            assert new.id == old_id  # the database gave the new key the old key's id

        response = client.get(STATS, headers={"X-API-Key": "new-key"})

    assert response.status_code == 200
    assert response.headers["ratelimit-remaining"] == "1"


@pytest.mark.parametrize("cursor", [2**31, 2**63 - 1])
def test_a_cursor_past_every_course_is_an_empty_last_page(client, partner_headers, cursor):
    # Any 64-bit number is a cursor; on PostgreSQL the ids are 32-bit integers.
    response = client.get(FEED, params={"cursor": cursor}, headers=partner_headers)

    assert response.status_code == 200, response.text
    assert response.json() == {"items": [], "next_cursor": None}
