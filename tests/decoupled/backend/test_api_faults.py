"""Failure injection (faults.py): off by default, and when switched on, exactly as documented.

API_DELAY_MS delays each /api/ request, API_FAIL_RATE fails that share of them with a 503
problem and a Retry-After; /healthz is never touched. No timing is asserted (the machine may
be slow): the delay is checked by replacing asyncio.sleep and reading what it was asked for.
"""

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from decoupled.backend import faults
from decoupled.backend.config import Settings
from decoupled.backend.main import create_app

API_PATHS = [
    "/api/v1/courses?q=ai+agents",
    "/api/v2/courses?q=ai+agents",
    "/api/v2/categories",
    "/api/v1/courses/build-ai-agents-with-python-from-zero-to-your-first-agent",
]


def client_for(settings: Settings) -> TestClient:
    return TestClient(create_app(settings))


def test_off_by_default(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("API_DELAY_MS", "API_FAIL_RATE"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.api_delay_ms == 0
    assert settings.api_fail_rate == 0.0
    for path in API_PATHS:
        assert client.get(path).status_code == 200, path


def test_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("API_DELAY_MS", "2000")
    monkeypatch.setenv("API_FAIL_RATE", "0.3")
    settings = Settings()
    assert (settings.api_delay_ms, settings.api_fail_rate) == (2000, 0.3)


def test_fail_rate_1_fails_every_api_request(
    make_settings: Callable[..., Settings], assert_problem: Callable[..., dict[str, Any]]
) -> None:
    with client_for(make_settings(api_fail_rate=1.0)) as client:
        for path in API_PATHS:
            response = client.get(path)
            body = assert_problem(response, 503)
            assert body["detail"] == "Failure injected by API_FAIL_RATE=1 for the demo."
            assert response.headers["retry-after"] == "1"


def test_the_detail_names_the_setting(make_settings: Callable[..., Settings]) -> None:
    with client_for(make_settings(api_fail_rate=0.3)) as client, pytest.MonkeyPatch.context() as mp:
        mp.setattr(faults.random, "random", lambda: 0.1)  # under 0.3: this one fails
        response = client.get("/api/v2/categories")
    assert response.status_code == 503
    assert response.json()["detail"] == "Failure injected by API_FAIL_RATE=0.3 for the demo."


def test_failures_spare_healthz_and_the_docs(make_settings: Callable[..., Settings]) -> None:
    with client_for(make_settings(api_fail_rate=1.0)) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/openapi.json").status_code == 200


def test_a_failure_keeps_cors_and_deprecation_headers(
    make_settings: Callable[..., Settings],
) -> None:
    """The browser frontend can read the 503 (CORS), and v1 still says it is deprecated."""
    with client_for(make_settings(api_fail_rate=1.0)) as client:
        response = client.get("/api/v1/categories", headers={"Origin": "http://127.0.0.1:3000"})
    assert response.status_code == 503
    assert response.headers["access-control-allow-origin"] == "http://127.0.0.1:3000"
    assert "sunset" in response.headers


def test_fail_rate_0_fails_none(make_settings: Callable[..., Settings]) -> None:
    with client_for(make_settings(api_fail_rate=0.0)) as client:
        statuses = {client.get(path).status_code for path in API_PATHS * 5}
    assert statuses == {200}


@pytest.mark.parametrize(
    ("field", "value"),
    [("API_FAIL_RATE", "1.5"), ("API_FAIL_RATE", "-1"), ("API_DELAY_MS", "-1")],
)
def test_an_invalid_value_is_refused_at_start_up(
    monkeypatch: pytest.MonkeyPatch, field: str, value: str
) -> None:
    monkeypatch.setenv(field, value)
    with pytest.raises(ValidationError) as error:
        Settings()
    assert field.lower() in str(error.value)


def test_the_delay_is_awaited_on_api_requests_only(
    make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_sleep = asyncio.sleep
    asked: list[float] = []

    async def fake_sleep(seconds: float, *args: Any, **kwargs: Any) -> Any:
        asked.append(seconds)
        return await real_sleep(0)  # record, do not wait

    with client_for(make_settings(api_delay_ms=2000)) as client:
        monkeypatch.setattr(faults.asyncio, "sleep", fake_sleep)
        assert client.get("/healthz").status_code == 200
        assert 2.0 not in asked  # health checks are never delayed
        assert client.get("/api/v2/categories").status_code == 200  # slow, but it answers
    assert asked.count(2.0) == 1
