"""The partner routes through the client: the paged feed as one iterator, and the stats."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from decoupled.client import Client, PartnerCourse
from tests.decoupled.client.servers import AGENTS_SLUG
from tests.support.scripted_server import EMPTY_FEED, EMPTY_PAGE, ScriptedServer


def test_the_partner_feed_yields_every_course_exactly_once(
    partner: Client, courses: list[dict[str, Any]]
) -> None:
    pages: list[requests.Response] = []
    partner.session.hooks["response"].append(lambda response, **_: pages.append(response))

    feed = list(partner.partner_courses())

    slugs = [course.slug for course in feed]
    assert len(slugs) == len(set(slugs)) == 256
    assert set(slugs) == {course["slug"] for course in courses}
    assert all(isinstance(course, PartnerCourse) for course in feed)
    assert len(pages) == 3  # 100 + 100 + 56: the iterator followed next_cursor to the end


def test_smaller_feed_pages_still_give_every_course_once(partner: Client) -> None:
    slugs = [course.slug for course in partner.partner_courses(page_size=60)]

    assert len(slugs) == len(set(slugs)) == 256


def test_the_feed_fetches_a_page_only_when_the_loop_needs_it(partner: Client) -> None:
    pages: list[requests.Response] = []
    partner.session.hooks["response"].append(lambda response, **_: pages.append(response))

    feed = partner.partner_courses(page_size=10)
    first = next(feed)

    assert isinstance(first, PartnerCourse)
    assert len(pages) == 1


def test_feed_courses_say_when_they_last_changed(partner: Client) -> None:
    course = next(partner.partner_courses())

    assert course.updated_at.tzinfo is not None
    assert course.updated_at <= datetime.now(UTC)


def test_updated_since_gives_only_what_changed_after_it(partner: Client) -> None:
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)

    assert list(partner.partner_courses(updated_since=tomorrow)) == []
    assert len(list(partner.partner_courses(updated_since=long_ago))) == 256


def test_updated_since_without_a_time_zone_is_refused_before_sending(partner: Client) -> None:
    with pytest.raises(ValueError, match="time zone"):
        partner.partner_courses(updated_since=datetime(2025, 1, 1))


def test_partner_stats_count_an_enrollment_and_show_no_email(
    partner: Client, client: Client
) -> None:
    before = partner.partner_stats()
    client.enroll(AGENTS_SLUG, "Katherine Johnson", f"kj.{uuid.uuid4().hex[:8]}@example.com")

    after = partner.partner_stats()

    assert after.courses == 256
    assert after.enrollments == before.enrollments + 1
    counts = {row.slug: row.enrollments for row in after.by_course}
    assert (
        counts[AGENTS_SLUG]
        == {row.slug: row.enrollments for row in before.by_course}[AGENTS_SLUG] + 1
    )
    assert [row.enrollments for row in after.by_course] == sorted(
        (row.enrollments for row in after.by_course), reverse=True
    )
    assert "@" not in repr(after)


def test_the_api_key_goes_only_to_the_partner_routes(scripted: ScriptedServer) -> None:
    scripted.script = [EMPTY_PAGE, EMPTY_FEED]

    with Client(scripted.url, api_key="secret-key") as partner:
        partner.search("ai")
        assert list(partner.partner_courses()) == []

    (_, search_path, search_headers), (_, feed_path, feed_headers) = scripted.received
    assert search_path.startswith("/api/v1/courses?") and "X-API-Key" not in search_headers
    assert feed_path.startswith("/api/v1/partner/courses?")
    assert feed_headers["X-API-Key"] == "secret-key"
    assert "secret-key" not in repr(partner)
