"""scale/redis.py: a throwaway Redis, on 127.0.0.1, that writes nothing and leaves nothing."""

from pathlib import Path

import pytest
import redis as redis_client

from scale import redis as scale_redis
from scale.redis import RedisServer, redis_server
from tests.support.ports import free_port


def test_the_redis_url_points_at_a_server_that_answers_on_this_machine(redis: RedisServer):
    assert redis.url == f"redis://127.0.0.1:{redis.port}/0"
    with redis_client.Redis.from_url(redis.url) as client:
        assert client.ping()
        assert client.config_get("bind")["bind"] == "127.0.0.1"
        assert client.config_get("save")["save"] == ""  # no snapshots
        assert client.config_get("appendonly")["appendonly"] == "no"


def test_the_server_is_gone_after_the_block_and_left_no_data_file(redis: RedisServer):
    folder = redis.folder
    with redis_server(folder / "second") as second:
        with redis_client.Redis.from_url(second.url) as client:
            client.set("counted", 1)
        process = second.process
    assert process.poll() is not None  # stopped
    assert not second.answers()
    assert not list((folder / "second").glob("*.rdb")), "Redis saved a snapshot"


def test_without_redis_installed_find_redis_says_none(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(scale_redis, "OTHER_PLACES", ())
    assert scale_redis.find_redis() is None
    with pytest.raises(FileNotFoundError, match="apt install redis-server"), redis_server(tmp_path):
        pass


def test_a_port_another_redis_took_meanwhile_gets_a_new_redis_on_another_port(
    redis: RedisServer, monkeypatch: pytest.MonkeyPatch
):
    """Between finding a port free and starting Redis on it, another program may take it.
    The new Redis then stops at once, and another port is tried; the other server, which
    answers on the first port too, is never taken for ours."""
    ports = iter([redis.port, free_port()])
    monkeypatch.setattr(scale_redis, "free_port", lambda: next(ports))
    with redis_server(redis.folder / "second") as second:
        assert second.port != redis.port
        with redis_client.Redis.from_url(second.url) as client:
            assert client.info("server")["process_id"] == second.process.pid
    with redis_client.Redis.from_url(redis.url) as client:
        assert client.ping()  # the first one is left alone
