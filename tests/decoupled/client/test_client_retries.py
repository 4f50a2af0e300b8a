"""Waiting when the API says "too many requests", and sending again only when that is safe.

The first tests use the real API with a tiny partner rate limit (PARTNER_RATE_LIMIT), so
its 429s and Retry-After headers are the real ones. The real API has no route that answers
503, or 429 to a POST, so the retry rules for those are checked against a scripted server
(`scripted_server.py`), standing in for a busy deployment.
"""

import logging
import time
from collections.abc import Iterator

import pytest
import requests

from decoupled.client import ApiError, Client, RateLimited
from tests.decoupled.client.servers import AGENTS_SLUG, ApiServer, running_api
from tests.support.scripted_server import (
    BUSY,
    EMPTY_PAGE,
    ScriptedServer,
    json_answer,
    problem,
)

ONE_PER_SECOND = "1/second"


@pytest.fixture(scope="module")
def limited_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    folder = tmp_path_factory.mktemp("limited-api")
    with running_api(folder, PARTNER_RATE_LIMIT=ONE_PER_SECOND) as server:
        yield server


@pytest.fixture(scope="module")
def limited_key(limited_api: ApiServer) -> str:
    return limited_api.create_partner_key("patient")


def test_the_feed_waits_as_told_by_retry_after_and_still_gets_every_course(
    limited_api: ApiServer, limited_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    answers: list[requests.Response] = []
    caplog.set_level(logging.INFO, logger="decoupled.client")

    with Client(limited_api.url, api_key=limited_key) as partner:
        partner.session.hooks["response"].append(lambda response, **_: answers.append(response))
        started = time.monotonic()
        slugs = [course.slug for course in partner.partner_courses()]
        elapsed = time.monotonic() - started

    assert len(slugs) == len(set(slugs)) == 256
    # Three pages at one request a second: the API refused some, and urllib3 tried again.
    refusals = [try_ for answer in answers for try_ in answer.raw.retries.history]
    assert refusals and all(refusal.status == 429 for refusal in refusals)
    waits = [record.args[1] for record in caplog.records if "Retry-After" in record.getMessage()]
    assert len(waits) == len(refusals)
    assert all(wait >= 1 for wait in waits)  # "1/second" makes the API say Retry-After: 1
    assert elapsed >= sum(waits) - 0.1  # it really waited (sleep never returns early)


def test_a_client_out_of_retries_raises_rate_limited_saying_how_long_to_wait(
    limited_api: ApiServer, limited_key: str
) -> None:
    partner = Client(limited_api.url, api_key=limited_key, max_retries=0)
    with partner, pytest.raises(RateLimited) as caught:  # two at once: over one a second
        partner.partner_stats()
        partner.partner_stats()

    assert caught.value.status == 429
    assert caught.value.retry_after is not None and caught.value.retry_after >= 1
    assert "Rate limit" in caught.value.detail


# --- the rules for 503 and for POST, against a scripted server ---------------------------

ENROLLED = json_answer(
    201,
    {"course": AGENTS_SLUG, "name": "Ada", "email": "ada@example.com"},
)


def test_a_search_answered_503_is_asked_again(scripted: ScriptedServer) -> None:
    scripted.script = [BUSY, EMPTY_PAGE]

    with Client(scripted.url) as client:
        page = client.search("ai")

    assert page.total == 0
    assert scripted.methods == ["GET", "GET"]


def test_an_enrollment_answered_503_is_not_sent_twice(scripted: ScriptedServer) -> None:
    # After a 503 nobody knows whether the enrollment was stored: sending it again could
    # enroll twice. The client reports the error instead.
    scripted.script = [BUSY, ENROLLED]

    with Client(scripted.url) as client, pytest.raises(ApiError) as caught:
        client.enroll(AGENTS_SLUG, "Ada", "ada@example.com")

    assert (caught.value.status, caught.value.detail) == (503, "Back in a moment.")
    assert scripted.methods == ["POST"]


def test_an_enrollment_answered_429_is_sent_again_after_the_wait(scripted: ScriptedServer) -> None:
    # A 429 means the server refused before doing anything: sending again is safe.
    slow_down = problem(429, "Too Many Requests", "Slow down.", **{"Retry-After": "1"})
    scripted.script = [slow_down, ENROLLED]

    with Client(scripted.url) as client:
        started = time.monotonic()
        enrollment = client.enroll(AGENTS_SLUG, "Ada", "ada@example.com")
        elapsed = time.monotonic() - started

    assert enrollment.name == "Ada"
    assert scripted.methods == ["POST", "POST"]
    assert elapsed >= 1 - 0.1


def test_a_busy_api_is_asked_only_a_few_times(scripted: ScriptedServer) -> None:
    scripted.script = [BUSY] * 3

    with Client(scripted.url, max_retries=2) as client, pytest.raises(ApiError) as caught:
        client.categories()

    assert caught.value.status == 503
    assert scripted.methods == ["GET"] * 3  # the first try and two retries
