"""Partner keys for the monolith's API: made on the command line, stored hashed, rate limited.

What this teaches: the same rules as the catalog API's keys (`decoupled/backend/security.py`),
written again in Flask's way. A partner sends its key in the `X-API-Key` header; only the key's
SHA-256 hash is stored, so a copy of the database hands out no keys. Each key may make
`PARTNER_RATE_LIMIT` requests per moving window, counted by the `limits` library in this
process, or in Redis for every process when `REDIS_URL` is set (monolith/limit_store.py); every
answer says how many are left, and a 429 says when to retry. A key that leaks is
revoked with `make monolith-revoke-partner-key NAME=...`: its next request is a 401, as every
request looks its key up afresh.
"""

import hashlib
import math
import secrets
import time

import click
import limits
from flask import Flask, Response, current_app, g, request
from flask.cli import with_appcontext
from sqlalchemy import delete, select

from monolith.db import get_session
from monolith.limit_store import LimitStore, limit_store
from monolith.models import PartnerKey
from monolith.partner_api.problems import ProblemError

# Sent with every 401: which credential the route wants (RFC 9110 requires a challenge on a 401),
# the same words as the catalog API's.
API_KEY_CHALLENGE = {"WWW-Authenticate": 'ApiKey header="X-API-Key"'}


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class RateLimit:
    """One limit (e.g. "60/minute") per key, counted in `store`: this process, or Redis."""

    def __init__(self, limit: str, store: LimitStore) -> None:
        self.item = limits.parse(limit)
        self.store = store

    def hit(self, key: str) -> dict[str, str]:
        """Count one request; the rate-limit headers, or a 429 problem when over the limit."""
        count = self.store.hit(self.item, "partner", key)
        reset = max(1, math.ceil(count.reset_at - time.time()))
        headers = {
            "RateLimit-Limit": str(self.item.amount),
            "RateLimit-Remaining": str(count.remaining),
            "RateLimit-Reset": str(reset),
        }
        if not count.allowed:
            detail = f"Rate limit of {self.item} exceeded. Retry in {reset} seconds."
            raise ProblemError(429, detail, headers={**headers, "Retry-After": str(reset)})
        return headers


def require_partner() -> None:
    """Before every partner view: a known key, counted against its limit (else 401 or 429)."""
    api_key = request.headers.get("X-API-Key", "")
    partner = None
    if api_key:
        key_hash = hash_key(api_key)
        partner = get_session().scalar(select(PartnerKey).where(PartnerKey.key_hash == key_hash))
    if partner is None:
        raise ProblemError(401, "A valid X-API-Key header is required.", headers=API_KEY_CHALLENGE)
    # Counted by the key's hash, not its row id: a key made after `make reset-db` starts afresh.
    rate_limit: RateLimit = current_app.extensions["coursehub_rate_limit"]
    g.rate_limit_headers = rate_limit.hit(partner.key_hash)


def add_rate_limit_headers(response: Response) -> Response:
    response.headers.update(g.pop("rate_limit_headers", {}))
    return response


@click.command("create-partner-key")
@click.argument("name")
@with_appcontext
def create_partner_key_command(name: str) -> None:
    """Make an API key for the partner NAME; print it once, store only its hash."""
    key = secrets.token_urlsafe(32)
    session = get_session()
    session.add(PartnerKey(name=name, key_hash=hash_key(key)))
    session.commit()
    click.echo(f"API key for {name} (shown once; only its hash is stored):")
    click.echo(key)


@click.command("revoke-partner-key")
@click.argument("name")
@with_appcontext
def revoke_partner_key_command(name: str) -> None:
    """Delete every key of the partner NAME and say how many there were.

    A running monolith refuses them from the next request on. A NAME with no keys is no error:
    "Revoked 0 API keys for NAME." (a mistyped name shows up as that 0).
    """
    session = get_session()
    count = session.execute(delete(PartnerKey).where(PartnerKey.name == name)).rowcount
    session.commit()
    click.echo(f"Revoked {count} API key{'' if count == 1 else 's'} for {name}.")


def init_app(app: Flask) -> None:
    # Parsed now, so a typo in MONOLITH_PARTNER_RATE_LIMIT stops the app at start-up.
    app.extensions["coursehub_rate_limit"] = RateLimit(
        app.config["PARTNER_RATE_LIMIT"], limit_store(app)
    )
