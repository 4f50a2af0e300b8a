"""Failure injection for live teaching: a slow or failing catalog API, on purpose.

What this teaches: every call over a network can be slow, or fail, and each client must be
ready for both. Saying so is easy; seeing it is better. Two settings, both off by default,
make the API misbehave on demand, for the contract's addresses only (under /api/): `/healthz`
and the docs stay normal, so process managers and readers are not fooled.

    API_DELAY_MS=2000 make api    every /api/ answer waits 2 seconds first. The Python client
                                  with `--timeout 1` gives up and says so in one line; the
                                  browser frontend shows "Loading courses…" long enough to see,
                                  and its stale-answer guard (js/search.js) drops an answer
                                  that arrives after a newer search began.
    API_FAIL_RATE=0.3 make api    about 3 answers in 10 are `503 Service Unavailable`, as
                                  application/problem+json with `Retry-After: 1`. The Python
                                  client retries (retries.py) and usually succeeds; the
                                  frontend shows the problem's detail in its error notice.

The delay comes first, then the dice: a failing answer is slow too, as real failures often
are. The sleep is `asyncio.sleep`, so a slow answer never blocks the other requests.
"""

import asyncio
import random
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from decoupled.backend.problems import problem_response

API = "/api/"


def add_fault_injection(app: FastAPI, delay_ms: int, fail_rate: float) -> None:
    """Delay every /api/ request by `delay_ms` milliseconds, then fail it with a 503 with the
    probability `fail_rate` (0 never, 1 always). With both at 0 (the defaults) nothing is
    added at all: the API runs exactly as without this module."""
    if delay_ms <= 0 and fail_rate <= 0:
        return

    @app.middleware("http")
    async def inject_faults(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if not request.url.path.startswith(API):
            return await call_next(request)
        if delay_ms > 0:
            await asyncio.sleep(delay_ms / 1000)
        # random.random() is in [0, 1): a rate of 1 always fails, a rate of 0 never does.
        if random.random() < fail_rate:  # noqa: S311 (a teaching switch, not cryptography)
            detail = f"Failure injected by API_FAIL_RATE={fail_rate:g} for the demo."
            return problem_response(503, detail, headers={"Retry-After": "1"})
        return await call_next(request)
