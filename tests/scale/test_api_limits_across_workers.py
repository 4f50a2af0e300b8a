"""The catalog API's rate limits under uvicorn with 3 workers: one limit, or one per worker.

Without `REDIS_URL`, each worker process counts in its own memory, so a partner allowed 10
requests a minute gets up to 30 through the same service: the defect, made visible. With
`REDIS_URL`, every worker counts in one Redis, and the service allows exactly 10, however
the requests spread over the workers (Redis's list of clients shows that they did).
"""

from collections.abc import Iterator

import pytest
import redis as redis_client

from scale.redis import RedisServer
from tests.reliability.servers import ProductionServer
from tests.scale.servers import PARTNER_KEY, WORKERS, api_server, burst

LIMIT = 10
SENT = 6 * LIMIT  # enough that every worker gets more than the limit
LIMITS = {"PARTNER_RATE_LIMIT": f"{LIMIT}/minute", "SEARCH_RATE_LIMIT": f"{LIMIT}/minute"}
FEED = "/api/v2/partner/courses?limit=1"
SEARCH = "/api/v2/courses?q=python"


@pytest.fixture(scope="module")
def api_with_redis(
    shared_redis: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ProductionServer]:
    server = api_server(tmp_path_factory.mktemp("api-redis"), REDIS_URL=shared_redis.url, **LIMITS)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api_alone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProductionServer]:
    server = api_server(tmp_path_factory.mktemp("api-alone"), **LIMITS)
    server.start()
    yield server
    server.stop()


def counting_processes(redis: RedisServer) -> set[str]:
    """The processes with a connection to Redis, by the name each gives its connections."""
    with redis_client.Redis.from_url(redis.url) as client:
        names = {entry["name"] for entry in client.client_list()}
    return {name for name in names if name.startswith("coursehub-api-")}


def test_a_partner_limit_is_one_limit_across_workers(
    api_with_redis: ProductionServer, shared_redis: RedisServer
):
    statuses = burst([api_with_redis.url + FEED] * SENT, {"X-API-Key": PARTNER_KEY})
    assert statuses.count(200) == LIMIT
    assert statuses.count(429) == SENT - LIMIT
    assert len(counting_processes(shared_redis)) > 1  # the requests met several workers
    later = burst([api_with_redis.url + FEED], {"X-API-Key": PARTNER_KEY})
    assert later == [429]


def test_the_public_search_limit_is_one_limit_across_workers(
    api_with_redis: ProductionServer, shared_redis: RedisServer
):
    statuses = burst([api_with_redis.url + SEARCH] * SENT)
    assert statuses.count(200) == LIMIT
    assert statuses.count(429) == SENT - LIMIT
    assert len(counting_processes(shared_redis)) > 1


def test_without_redis_each_worker_lets_a_partner_through_its_own_limit(
    api_alone: ProductionServer,
):
    answered = _answered_until_past_the_limit(api_alone.url + FEED, {"X-API-Key": PARTNER_KEY})
    assert LIMIT < answered <= WORKERS * LIMIT


def test_without_redis_each_worker_lets_an_address_search_its_own_limit(
    api_alone: ProductionServer,
):
    answered = _answered_until_past_the_limit(api_alone.url + SEARCH, {})
    assert LIMIT < answered <= WORKERS * LIMIT


def _answered_until_past_the_limit(url: str, headers: dict[str, str]) -> int:
    """200s from bursts of `SENT` requests, until more than the limit got through (the kernel
    hands new connections to whichever worker waits, so one burst may favour one worker)."""
    answered = 0
    for _ in range(5):
        answered += burst([url] * SENT, headers).count(200)
        if answered > LIMIT:
            break
    return answered
