"""Public rate limits in the monolith: searches and enrollments per visitor's address.

The same limits as the catalog API's, set by the same variables: a burst gets its pages up to
the limit, then a page that says how long to wait (429, `Retry-After`); nothing over the limit
is stored, and other addresses are not affected.
"""

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from monolith.config import Config
from tests.monolith.pages import Page, csrf_token_from, read_page
from tests.support.databases import Database

COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"


def test_a_burst_of_300_searches_gets_the_default_120_then_a_page_saying_to_wait(
    app_factory: Callable[..., Flask],
) -> None:
    client = app_factory(SEARCH_RATE_LIMIT=Config.SEARCH_RATE_LIMIT).test_client()

    answers = [client.get("/", query_string={"q": "ai"}) for _ in range(300)]

    assert Counter(answer.status_code for answer in answers) == {200: 120, 429: 180}
    refused: Page = read_page(answers[-1])
    wait = int(answers[-1].headers["Retry-After"])
    assert 1 <= wait <= 60
    assert "Slow down, please" in refused.text
    assert f"Please wait {wait} seconds and try again." in refused.text


def test_an_enrollment_over_the_limit_is_refused_and_not_stored(
    app_factory: Callable[..., Flask],
    database: Database,
    count_rows: Callable[[str], int],
) -> None:
    app = app_factory(database, ENROLLMENT_RATE_LIMIT="3/minute")
    client = app.test_client()
    token = csrf_token_from(client.get(f"/courses/{COURSE}").get_data(as_text=True))

    def enroll(number: int) -> Any:
        form = {"csrf_token": token, "name": "Ada", "email": f"ada{number}@example.com"}
        return client.post(f"/courses/{COURSE}", data=form)

    statuses = [enroll(number).status_code for number in range(4)]

    assert statuses == [302, 302, 302, 429]
    assert client.get(f"/courses/{COURSE}").status_code == 200  # pages still open
    assert count_rows("enrollments") == 3


def test_each_address_has_its_own_count(app_factory: Callable[..., Flask]) -> None:
    client = app_factory(SEARCH_RATE_LIMIT="2/minute").test_client()

    def search_from(address: str) -> int:
        return client.get("/", environ_base={"REMOTE_ADDR": address}).status_code

    assert [search_from("203.0.113.7") for _ in range(3)] == [200, 200, 429]
    assert search_from("198.51.100.2") == 200


def test_an_empty_setting_means_no_limit(app_factory: Callable[..., Flask]) -> None:
    client = app_factory(SEARCH_RATE_LIMIT=" ").test_client()
    assert {client.get("/").status_code for _ in range(200)} == {200}


def test_a_misspelt_limit_stops_the_monolith_at_start_up(
    app_factory: Callable[..., Flask],
) -> None:
    with pytest.raises(ValueError, match="lots per minute"):
        app_factory(ENROLLMENT_RATE_LIMIT="lots per minute")
