"""The monolith's rate limits with two monolith processes: one limit, or one per process.

waitress serves the monolith from one process with threads, which share their memory, so one
monolith counts right on its own. A monolith grows by running more copies of itself: here two
processes on one database, as two machines behind a load balancer, with the requests sent to
each in turn. Without `REDIS_URL` each copy counts alone and lets twice the limit through; with
it, both count in one Redis and the site allows exactly the limit.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from scale.redis import RedisServer
from tests.reliability.servers import ProductionServer, running
from tests.scale.servers import PARTNER_KEY, burst, monolith_servers

LIMIT = 10
SENT = 4 * LIMIT
LIMITS = {"MONOLITH_PARTNER_RATE_LIMIT": f"{LIMIT}/minute", "SEARCH_RATE_LIMIT": f"{LIMIT}/minute"}
FEED = "/api/v1/partner/courses?limit=1"
SEARCH = "/?q=python"


@pytest.fixture
def two_monoliths_sharing_redis(
    redis: RedisServer, tmp_path: Path
) -> Iterator[list[ProductionServer]]:
    servers = monolith_servers(tmp_path / "monolith", 2, REDIS_URL=redis.url, **LIMITS)
    with running(*servers):
        yield servers


@pytest.fixture
def two_monoliths_alone(tmp_path: Path) -> Iterator[list[ProductionServer]]:
    servers = monolith_servers(tmp_path / "monolith", 2, **LIMITS)
    with running(*servers):
        yield servers


def each_in_turn(servers: list[ProductionServer], path: str) -> list[str]:
    return [servers[number % len(servers)].url + path for number in range(SENT)]


def test_a_partner_limit_is_one_limit_across_monolith_processes(
    two_monoliths_sharing_redis: list[ProductionServer],
):
    urls = each_in_turn(two_monoliths_sharing_redis, FEED)
    statuses = burst(urls, {"X-API-Key": PARTNER_KEY})
    assert statuses.count(200) == LIMIT
    assert statuses.count(429) == SENT - LIMIT


def test_the_public_search_limit_is_one_limit_across_monolith_processes(
    two_monoliths_sharing_redis: list[ProductionServer],
):
    statuses = burst(each_in_turn(two_monoliths_sharing_redis, SEARCH))
    assert statuses.count(200) == LIMIT
    assert statuses.count(429) == SENT - LIMIT


def test_without_redis_each_monolith_process_allows_the_whole_limit(
    two_monoliths_alone: list[ProductionServer],
):
    feed = burst(each_in_turn(two_monoliths_alone, FEED), {"X-API-Key": PARTNER_KEY})
    searches = burst(each_in_turn(two_monoliths_alone, SEARCH))
    assert feed.count(200) == 2 * LIMIT
    assert searches.count(200) == 2 * LIMIT
