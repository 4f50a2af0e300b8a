"""When Redis stops answering, both twins keep answering and keep a limit, per process.

The choice (limit_store.py in each twin): a rate limit protects the service, so a Redis outage
must not become a catalog outage. Each process logs one warning, counts in its own memory
meanwhile (the limit still holds, per process), and goes back to Redis once it answers again.
"""

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from decoupled.backend import limit_store as api_limit_store
from decoupled.backend.config import Settings
from decoupled.backend.main import create_app
from monolith import create_app as create_monolith
from monolith import limit_store as monolith_limit_store
from scale.redis import RedisServer, redis_server
from tests.e2e.servers import seed_api, seed_monolith

DOWN = "does not answer"
BACK = "Redis answers again"


def test_the_api_answers_while_redis_is_down_and_still_limits_each_process(
    redis: RedisServer, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch
):
    monkeypatch.setattr(api_limit_store, "RETRY_REDIS_AFTER", 0.0)  # ask Redis at each request
    database_url = f"sqlite:///{tmp_path / 'api.sqlite3'}"
    seed_api(database_url)
    app = create_app(
        Settings(database_url=database_url, redis_url=redis.url, search_rate_limit="3/minute")
    )
    caplog.set_level(logging.WARNING, logger=api_limit_store.__name__)

    def remaining_after_a_search(client: TestClient) -> str | int:
        answer = client.get("/api/v2/courses", params={"q": "python"})
        return answer.headers["RateLimit-Remaining"] if answer.status_code == 200 else 429

    with TestClient(app) as client:
        assert [remaining_after_a_search(client) for _ in range(2)] == ["2", "1"]  # in Redis
        redis.stop()
        # Answered, counted afresh in this process (it cannot know Redis's count), and limited.
        assert [remaining_after_a_search(client) for _ in range(4)] == ["2", "1", "0", 429]
        assert sum(DOWN in record.getMessage() for record in caplog.records) == 1  # once
        with redis_server(tmp_path / "redis-again", port=redis.port):
            assert remaining_after_a_search(client) == "2"  # a fresh Redis: counted there again
            assert any(BACK in record.getMessage() for record in caplog.records)


def test_the_monolith_answers_while_redis_is_down_and_still_limits_each_process(
    redis: RedisServer, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch
):
    monkeypatch.setattr(monolith_limit_store, "RETRY_REDIS_AFTER", 0.0)
    database = tmp_path / "monolith.sqlite3"
    seed_monolith(database)
    app = create_monolith(
        {
            "DATABASE": str(database),
            "DATABASE_URL": "",  # this file, whatever MONOLITH_DATABASE_URL says
            "RECOMMENDER_DIR": str(tmp_path / "no-model"),
            "REDIS_URL": redis.url,
            "SEARCH_RATE_LIMIT": "3/minute",
        }
    )
    caplog.set_level(logging.WARNING, logger=monolith_limit_store.__name__)
    client = app.test_client()

    def search() -> int:
        return client.get("/", query_string={"q": "python"}).status_code

    assert [search() for _ in range(2)] == [200, 200]
    redis.stop()
    assert [search() for _ in range(4)] == [200, 200, 200, 429]  # 3 more, in this process
    assert sum(DOWN in record.getMessage() for record in caplog.records) == 1
    with redis_server(tmp_path / "redis-again", port=redis.port):
        assert [search() for _ in range(4)] == [200, 200, 200, 429]  # a fresh Redis's count
        assert any(BACK in record.getMessage() for record in caplog.records)
