"""Where the rate limits count: in this process, or in Redis for the whole service.

What this teaches: a limit is only a limit if every server process counts against the same
number. `uvicorn --workers 4` runs four processes, and in-memory counts are each process's own:
a partner allowed 60 requests a minute gets up to 240, a quarter in each worker, and two
machines behind a load balancer double it again. With `REDIS_URL` set (e.g.
`redis://127.0.0.1:6379/0`), the counts live in Redis, through the `limits` library's own Redis
storage: every worker of every instance adds to one count per key, so the service as a whole
allows exactly the limit. Empty (the default), each process counts on its own, as before, which
is right for one process and needs nothing else installed.

If Redis stops answering, the API fails open, partly: it logs a warning and counts in this
process's memory until Redis answers again (it asks again every `RETRY_REDIS_AFTER` seconds,
so a dead Redis costs each request nothing, and a hung one at most one short timeout every
few seconds). Why not refuse every request with a 503 instead? A rate limit protects the
service; it is not what the service is for. Turning a Redis outage into a catalog outage would
make Redis a second way for everything to fail, to stop clients that did nothing wrong. The
cost is known and bounded: while Redis is down the limit is per process again (N times the
limit with N processes), never gone. A service whose limit guards money (paid calls to another
API) might choose the 503; the `limits` library leaves the choice to us, as it has no fallback
of its own (Flask-Limiter, built on it, has one: `in_memory_fallback`).

The monolith has its own copy of this rule (`monolith/limit_store.py`): the twins share no code.
"""

import logging
import os
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from limits import RateLimitItem
from limits.errors import StorageError
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

logger = logging.getLogger(__name__)

RETRY_REDIS_AFTER = 5.0  # seconds of counting in memory before Redis is asked again
REDIS_TIMEOUT = 0.5  # seconds to connect or to answer: Redis on a LAN answers in a millisecond
KEY_PREFIX = "coursehub-api"  # so a monolith using the same Redis keeps counts of its own


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

    @property
    def uses_redis(self) -> bool:
        """True when counts go to Redis: each hit then waits for an answer over the network."""
        return self.shared is not None

    def hit(self, item: RateLimitItem, *names: str) -> Count:
        """Count one request for `names` (e.g. "partner", a key's hash) against `item`."""
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
