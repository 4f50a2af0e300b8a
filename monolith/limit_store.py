"""Where the rate limits count: in this process, or in Redis for every monolith process.

What this teaches: a limit is only a limit if every server process counts against the same
number. One waitress process with its threads shares its memory, so in-memory counts are right
for `make monolith`; but a monolith grows by running more copies of itself (two machines behind
a load balancer, or several processes), and then each copy counts apart: a visitor allowed 120
searches a minute gets 240 from two. With `REDIS_URL` set (e.g. `redis://127.0.0.1:6379/0`),
the counts live in Redis, through the `limits` library's own Redis storage, and every copy adds
to one count per address and per partner key. Empty (the default), this process counts alone.

If Redis stops answering, the monolith fails open, partly: it logs a warning and counts in this
process's memory until Redis answers again (asked again every `RETRY_REDIS_AFTER` seconds, so a
dead Redis costs each request nothing). A rate limit protects the site; refusing every page
with a 503 while Redis is down would make Redis a second way for the whole site to fail. The
cost is bounded: the limit is per process meanwhile, never gone. The `limits` library has no
fallback of its own, so the choice is ours.

The catalog API has its own copy of this rule (`decoupled/backend/limit_store.py`).
"""

import logging
import os
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask
from limits import RateLimitItem
from limits.errors import StorageError
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

logger = logging.getLogger(__name__)

RETRY_REDIS_AFTER = 5.0  # seconds of counting in memory before Redis is asked again
REDIS_TIMEOUT = 0.5  # seconds to connect or to answer: Redis on a LAN answers in a millisecond
KEY_PREFIX = "coursehub-monolith"  # so a catalog API using the same Redis keeps its own counts


@dataclass(frozen=True)
class Count:
    """One request counted: allowed or not, when the window frees a place, places left."""

    allowed: bool
    reset_at: float
    remaining: int


class LimitStore:
    """Counts requests per (limit, names...) in a moving window, in Redis or in memory."""

    def __init__(self, redis_url: str = "") -> None:
        self.redis_url = redis_url
        self.local = MovingWindowRateLimiter(MemoryStorage())
        self.shared: MovingWindowRateLimiter | None = None
        self.redis_down_until = 0.0
        if redis_url:
            storage = storage_from_string(
                redis_url,
                key_prefix=KEY_PREFIX,
                wrap_exceptions=True,  # any Redis error arrives as limits' StorageError
                socket_connect_timeout=REDIS_TIMEOUT,
                socket_timeout=REDIS_TIMEOUT,
                # `redis-cli CLIENT LIST` then says which process holds each connection.
                client_name=f"{KEY_PREFIX}-{os.getpid()}",
            )
            self.shared = MovingWindowRateLimiter(storage)

    def hit(self, item: RateLimitItem, *names: str) -> Count:
        """Count one request for `names` (e.g. "search", an address) against `item`."""
        if self.shared is not None and time.monotonic() >= self.redis_down_until:
            try:
                count = self._hit(self.shared, item, names)
            except StorageError as error:
                self._redis_failed(error)
            else:
                if self.redis_down_until:
                    logger.warning("Redis answers again: rate limits are shared again.")
                    self.redis_down_until = 0.0
                return count
        return self._hit(self.local, item, names)

    @staticmethod
    def _hit(
        limiter: MovingWindowRateLimiter, item: RateLimitItem, names: tuple[str, ...]
    ) -> Count:
        allowed = limiter.hit(item, *names)
        reset_at, remaining = limiter.get_window_stats(item, *names)
        return Count(allowed, reset_at, max(remaining, 0))

    def _redis_failed(self, error: StorageError) -> None:
        if not self.redis_down_until:  # once per outage, not once per request
            logger.warning(
                "Redis at %s does not answer (%s): counting rate limits in this process "
                "until it does (each process allows the full limit meanwhile).",
                urlsplit(self.redis_url).netloc.rpartition("@")[2],  # no password in logs
                error.storage_error,
            )
        self.redis_down_until = time.monotonic() + RETRY_REDIS_AFTER


def limit_store(app: Flask) -> LimitStore:
    """The app's one store, for the public limits and the partner keys' alike."""
    if "coursehub_limit_store" not in app.extensions:
        app.extensions["coursehub_limit_store"] = LimitStore(app.config.get("REDIS_URL") or "")
    return app.extensions["coursehub_limit_store"]
