"""Partner API keys and per-key rate limits.

What this teaches: an API open to third parties needs to know who is calling and how often.
A partner sends its key in the `X-API-Key` header. We store only the key's SHA-256 hash (the
key is shown once, by `make partner-key`), so a copy of the database hands out no keys.
Each key may make `PARTNER_RATE_LIMIT` requests per moving window, counted by the `limits`
library, in Redis when `REDIS_URL` is set so that every worker shares one count (limit_store.py);
every answer says how many are left, and a 429 says when to retry. A key that leaks is
revoked with `make revoke-partner-key NAME=...`: its next request is a 401, as every request
looks its key up afresh.
"""

import hashlib
import math
import secrets
import time
from typing import Annotated

import limits
from fastapi import Request, Response, Security
from fastapi.security import APIKeyHeader
from sqlalchemy import select

from decoupled.backend.db import SessionDep
from decoupled.backend.headers import API_KEY_CHALLENGE
from decoupled.backend.limit_store import LimitStore
from decoupled.backend.models import PartnerKey
from decoupled.backend.problems import ProblemError

api_key_header = APIKeyHeader(
    name="X-API-Key",
    scheme_name="PartnerKey",
    description="The key from `make partner-key NAME=...`.",
    auto_error=False,  # we answer a missing key ourselves, with a 401 problem
)


def new_key() -> str:
    return secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class RateLimit:
    """One limit (e.g. "60/minute") per key, counted in `store`: this process's memory, or Redis.

    `name` keeps this limit's counts apart from the others' in the same store (a search limit
    and an enrollment limit both count per address)."""

    def __init__(self, limit: str, store: LimitStore | None = None, name: str = "partner") -> None:
        self.item = limits.parse(limit)
        self.store = store or LimitStore()
        self.name = name

    @classmethod
    def optional(cls, setting: str, store: LimitStore, name: str) -> "RateLimit | None":
        """A limit for a setting such as "120/minute"; None for an empty one (no limit)."""
        return cls(setting, store, name) if setting else None

    def hit(self, key: str) -> dict[str, str]:
        """Count one request; the rate-limit headers, or a 429 problem when over the limit."""
        count = self.store.hit(self.item, self.name, key)
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


def require_partner(
    request: Request,
    response: Response,
    session: SessionDep,
    api_key: Annotated[str | None, Security(api_key_header)],
) -> PartnerKey:
    partner = None
    if api_key:
        # Looked up by its hash, with no `hmac.compare_digest`: the lookup's timing can only
        # tell an attacker how much of a guess's hash matches a stored one, and a hash says
        # nothing about the key that makes it. Keys are 256 random bits, so there is nothing
        # to guess character by character either.
        partner = session.scalar(select(PartnerKey).where(PartnerKey.key_hash == hash_key(api_key)))
    if partner is None:
        # The challenge says which credential the route wants (RFC 9110 requires one on a 401).
        raise ProblemError(401, "A valid X-API-Key header is required.", headers=API_KEY_CHALLENGE)

    # Counted by the key's hash, not its row id: ids start at 1 again after `make reset-db`,
    # and a new key must not inherit the old one's count (nor a revoked key's).
    rate_limit: RateLimit = request.app.state.rate_limit
    response.headers.update(rate_limit.hit(partner.key_hash))
    return partner
