"""Public rate limits: searches and enrollments are counted per client address.

A burst from one address gets its answers up to the limit, then 429 problems that say how long
to wait; nothing over the limit is stored; other addresses are not affected.
"""

from collections import Counter
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from decoupled.backend.config import Settings
from decoupled.backend.main import create_app
from decoupled.backend.models import Enrollment

COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
ENROLL = f"/api/v2/courses/{COURSE}/enrollments"


def test_a_burst_of_300_searches_gets_the_default_120_then_429s(
    make_settings: Callable[..., Settings],
) -> None:
    defaults = Settings()
    app = create_app(make_settings(search_rate_limit=defaults.search_rate_limit))
    with TestClient(app) as client:
        answers = [client.get("/api/v2/courses", params={"q": "ai"}) for _ in range(300)]

    assert Counter(answer.status_code for answer in answers) == {200: 120, 429: 180}
    assert answers[0].headers["RateLimit-Limit"] == "120"
    assert answers[0].headers["RateLimit-Remaining"] == "119"


def test_over_the_limit_a_search_gets_a_problem_that_says_when_to_retry(
    make_settings: Callable[..., Settings], assert_problem: Callable[..., dict]
) -> None:
    with TestClient(create_app(make_settings(search_rate_limit="3/minute"))) as client:
        for _ in range(3):
            assert client.get("/api/v1/courses?q=ai").status_code == 200
        refused = client.get("/api/v1/courses?q=ai")

    body = assert_problem(refused, 429)
    wait = int(refused.headers["Retry-After"])
    assert 1 <= wait <= 60
    assert body["detail"] == f"Rate limit of 3 per 1 minute exceeded. Retry in {wait} seconds."
    assert refused.headers["RateLimit-Remaining"] == "0"


def test_an_enrollment_over_the_limit_is_refused_and_not_stored(
    make_settings: Callable[..., Settings], assert_problem: Callable[..., dict]
) -> None:
    app = create_app(make_settings(enrollment_rate_limit="3/minute"))
    with TestClient(app) as client:
        for number in range(3):
            person = {"name": "Ada", "email": f"ada{number}@example.com"}
            assert client.post(ENROLL, json=person).status_code == 201
        refused = client.post(ENROLL, json={"name": "Ada", "email": "ada3@example.com"})
        searched = client.get("/api/v2/courses?q=ai")

    assert_problem(refused, 429)
    assert "Retry-After" in refused.headers
    assert searched.status_code == 200  # searches are counted apart
    with Session(app.state.engine) as session:
        assert session.scalar(select(func.count(Enrollment.id))) == 3


def test_each_address_has_its_own_count(make_settings: Callable[..., Settings]) -> None:
    app = create_app(make_settings(search_rate_limit="2/minute"))
    with TestClient(app, client=("203.0.113.7", 50000)) as busy:
        assert [busy.get("/api/v2/courses").status_code for _ in range(3)] == [200, 200, 429]
    with TestClient(app, client=("198.51.100.2", 50000)) as other:
        assert other.get("/api/v2/courses").status_code == 200


def test_an_empty_setting_means_no_limit(make_settings: Callable[..., Settings]) -> None:
    app = create_app(make_settings(search_rate_limit="", enrollment_rate_limit=" "))
    with TestClient(app) as client:
        answers = [client.get("/api/v2/categories") for _ in range(3)]
        searches = [client.get("/api/v2/courses").status_code for _ in range(200)]

    assert set(searches) == {200}
    assert all("RateLimit-Limit" not in answer.headers for answer in answers)


@pytest.mark.parametrize("setting", ["search_rate_limit", "enrollment_rate_limit"])
def test_a_misspelt_limit_stops_the_api_at_start_up(setting: str) -> None:
    with pytest.raises(ValidationError, match="lots per minute"):
        Settings(**{setting: "lots per minute"})
