"""Fixtures for the tests past one machine: a real Redis, skipped with one line when absent."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from scale.redis import RedisServer, find_redis, redis_server

NO_REDIS = "redis-server is not installed (apt install redis-server, or brew install redis)"


def _redis(folder: Path) -> Iterator[RedisServer]:
    if find_redis() is None:
        pytest.skip(NO_REDIS)
    with redis_server(folder) as server:
        yield server


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A Redis of this test's own, on a free port, gone at the end."""
    yield from _redis(tmp_path / "redis")


@pytest.fixture(scope="module")
def shared_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One Redis for a module's servers (each test counts under keys of its own)."""
    yield from _redis(tmp_path_factory.mktemp("redis"))
