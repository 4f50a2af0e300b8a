"""Public rate limits: how many searches and enrollments one client address may send.

What this teaches: the routes anyone may call need a limit too, not only the partner routes.
Without one, a script in a loop sends 300 searches a second (each one a scan of the catalog)
or fills the database with sign-ups, and the real visitors wait. Partners are counted by their
key (security.py); a visitor has no key, so the count is per client address. Over the limit,
the answer is the same as a partner's: a 429 problem with `Retry-After`, and every answer says
how many requests are left (`RateLimit-*` headers), so a polite client can slow down first.

Where the counts live: in each server process's memory by default (with two workers, an
address may send twice as many), or, with `REDIS_URL` set, in Redis: one count for every worker
and every instance (limit_store.py says why, and what happens when Redis is down). One honest
limit of this version: `request.client.host` behind a proxy, such as the scale demo's nginx, is
the proxy's address, so every visitor shares one count (the proxy must then pass on the
real one, and the app must trust only its own proxy to say so).
"""

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from decoupled.backend.security import RateLimit


async def _count(request: Request, response: Response, limit: RateLimit | None) -> None:
    if limit is None:  # the setting is empty: no limit
        return
    address = request.client.host if request.client else "unknown"
    # Counting in memory takes microseconds, so it runs right here. Asking Redis waits on the
    # network, which in an `async def` would hold up every other request: a worker thread
    # waits instead (the hit raises the 429 problem there, before the route runs).
    if limit.store.uses_redis:
        headers = await run_in_threadpool(limit.hit, address)
    else:
        headers = limit.hit(address)
    response.headers.update(headers)


async def limit_searches(request: Request, response: Response) -> None:
    """Count one search against `SEARCH_RATE_LIMIT` for this client address."""
    await _count(request, response, request.app.state.search_rate_limit)


async def limit_enrollments(request: Request, response: Response) -> None:
    """Count one enrollment against `ENROLLMENT_RATE_LIMIT` for this client address."""
    await _count(request, response, request.app.state.enrollment_rate_limit)
