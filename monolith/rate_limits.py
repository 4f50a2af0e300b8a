"""Public rate limits: how many searches and enrollments one visitor's address may send.

What this teaches: a page anyone may open needs a limit too. Without one, a script in a loop
sends hundreds of searches a second (each one a scan of the catalog) or fills the database with
sign-ups, and real visitors wait. The catalog API has the same limits (its `rate_limits.py`),
set by the same two variables, so both twins refuse the same burst: `SEARCH_RATE_LIMIT`
(default 120 a minute) and `ENROLLMENT_RATE_LIMIT` (20 a minute), per client address, counted
by the `limits` library. Empty means no limit. Over the limit, the visitor gets a page that says
how long to wait, with status 429 and a `Retry-After` header.

Where the counts live: in this process's memory by default (several monolith processes would
each count apart), or, with `REDIS_URL` set, in Redis, one count for every process
(limit_store.py says why, and what happens when Redis is down). One honest limit of this
version: behind a proxy `request.remote_addr` is the proxy's address (werkzeug's `ProxyFix`
reads the real one from a proxy you trust).
"""

import math
import time
from dataclasses import dataclass

import limits
from flask import Flask, current_app, render_template, request
from flask.typing import ResponseReturnValue

from monolith.limit_store import LimitStore, limit_store

# Which setting limits which view: the search (the home page is the search) and the enroll form.
LIMITED_VIEWS = {"catalog.search": "SEARCH_RATE_LIMIT", "courses.enroll": "ENROLLMENT_RATE_LIMIT"}


@dataclass
class PerAddress:
    """One limit (e.g. "120/minute") per client address, counted in `store` under `name`."""

    item: limits.RateLimitItem
    store: LimitStore
    name: str

    @classmethod
    def parse(cls, setting: str, store: LimitStore, name: str) -> "PerAddress | None":
        setting = setting.strip()
        if not setting:
            return None
        # limits.parse raises ValueError on a typo, so the app fails at start-up.
        return cls(limits.parse(setting), store, name)

    def seconds_to_wait(self, address: str) -> int:
        """Count one request; 0 if it is allowed, else the seconds until it would be."""
        count = self.store.hit(self.item, self.name, address)
        if count.allowed:
            return 0
        return max(1, math.ceil(count.reset_at - time.time()))


def check_rate_limit() -> ResponseReturnValue | None:
    """Before each request: over its view's limit, a 429 page instead of the view."""
    setting = LIMITED_VIEWS.get(request.endpoint or "")
    if setting is None or (request.endpoint == "courses.enroll" and request.method != "POST"):
        return None
    limit: PerAddress | None = current_app.extensions["coursehub_public_limits"][setting]
    if limit is None:
        return None
    wait = limit.seconds_to_wait(request.remote_addr or "unknown")
    if not wait:
        return None
    message = (
        f"Too many requests from your address (at most {limit.item}). "
        f"Please wait {wait} seconds and try again. Nothing was saved."
    )
    page = render_template("error.html", status=429, title="Slow down, please", message=message)
    return page, 429, {"Retry-After": str(wait)}


def init_app(app: Flask) -> None:
    app.extensions["coursehub_public_limits"] = {
        setting: PerAddress.parse(app.config.get(setting) or "", limit_store(app), setting)
        for setting in set(LIMITED_VIEWS.values())
    }
    app.before_request(check_rate_limit)
