"""Public rate limits: how many searches and enrolments one client address may send.

What this teaches: the routes anyone may call need a limit too, not only the partner routes.
Without one, a script in a loop sends 300 searches a second (each one a scan of the catalog)
or fills the database with sign-ups, and the real visitors wait. Partners are counted by their
key (security.py); a visitor has no key, so the count is per client address. Over the limit,
the answer is the same as a partner's: a 429 problem with `Retry-After`, and every answer says
how many requests are left (`RateLimit-*` headers), so a polite client can slow down first.

Two honest limits of this version: the counts live in each server process's memory (with two
workers, an address may send twice as many; a shared store such as Redis fixes that), and
`request.client.host` behind a proxy is the proxy's address (the proxy must then pass on the
real one, and the app must trust only its own proxy to say so).
"""

from fastapi import Request, Response

from decoupled.backend.security import RateLimit


def _count(request: Request, response: Response, limit: RateLimit | None) -> None:
    if limit is None:  # the setting is empty: no limit
        return
    address = request.client.host if request.client else "unknown"
    response.headers.update(limit.hit(address))  # or a 429 problem, before the route runs


def limit_searches(request: Request, response: Response) -> None:
    """Count one search against `SEARCH_RATE_LIMIT` for this client address."""
    _count(request, response, request.app.state.search_rate_limit)


def limit_enrollments(request: Request, response: Response) -> None:
    """Count one enrolment against `ENROLLMENT_RATE_LIMIT` for this client address."""
    _count(request, response, request.app.state.enrollment_rate_limit)


def optional_limit(limit: str) -> RateLimit | None:
    """A `RateLimit` for a setting such as "120/minute"; None for an empty one."""
    return RateLimit(limit) if limit else None
