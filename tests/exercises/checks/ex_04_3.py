"""Exercise 04.3: a partner's key buys its searches the partner limit, not the address's."""

from typing import Any

from tests.exercises.registry import Exercise, expect
from tests.exercises.support import catalog_api

EXERCISE = Exercise(
    "04.3",
    "A key buys a bigger allowance: partners search on their key's limit",
    "04-the-catalog-api.md",
)

KEY = "exercise-04-3-partner-key"
SEARCH = ("/api/v2/courses", {"q": "ai"})


def _add_partner_key(api: Any) -> None:
    from sqlalchemy.orm import Session

    from decoupled.backend.models import PartnerKey
    from decoupled.backend.security import hash_key

    with Session(api.app.state.engine) as session:
        session.add(PartnerKey(name="exercise", key_hash=hash_key(KEY)))
        session.commit()


def _search(api: Any, headers: dict[str, str] | None = None) -> Any:
    path, params = SEARCH
    return api.get(path, params=params, headers=headers or {})


def check() -> str:
    with catalog_api(search_rate_limit="3/minute", partner_rate_limit="50/minute") as api:
        anonymous = [_search(api).status_code for _ in range(4)]
        expect(
            anonymous == [200, 200, 200, 429],
            f"Without a key, four searches from one address answer {anonymous}, not three "
            "200s and a 429: visitors keep the public limit (SEARCH_RATE_LIMIT).",
        )
        _add_partner_key(api)
        with_key = [_search(api, {"X-API-Key": KEY}) for _ in range(10)]
        statuses = [answer.status_code for answer in with_key]
        expect(
            statuses == [200] * 10,
            f"With a valid X-API-Key, ten searches from that same address answer {statuses}: "
            "a partner's search must count against its key, not the address "
            "(`limit_searches` in decoupled/backend/rate_limits.py).",
        )
        limit = with_key[-1].headers.get("RateLimit-Limit")
        expect(
            limit == "50",
            f"A partner's search says RateLimit-Limit: {limit or 'nothing'}, not its key's 50 "
            "(PARTNER_RATE_LIMIT): count it as `require_partner` counts the partner routes.",
        )
        wrong = api.get("/api/v1/courses", headers={"X-API-Key": "not-a-key"})
        expect(
            wrong.status_code == 401
            and wrong.headers.get("content-type") == "application/problem+json",
            f"A search with a wrong X-API-Key answers {wrong.status_code}, not the partner "
            "routes' 401 problem: a key that does not work must say so, not fall back.",
        )
        operation = api.get("/openapi.json").json()["paths"]["/api/v2/courses"]["get"]
    expect(
        "401" in operation["responses"],
        "The OpenAPI document does not list 401 for the search: add it to the route's "
        "`responses` (routes/courses.py), so the contract says a wrong key is refused.",
    )
    expect(
        {"PartnerKey": []} in operation.get("security", []),
        "/docs does not show that the search takes an X-API-Key: declare the key in "
        "`limit_searches` with `Security(api_key_header)`, as `require_partner` does.",
    )
    return (
        "Visitors get 3 searches a minute, then a 429; a partner's key searched 10 times from "
        "the same address, counted against its own limit of 50; a wrong key gets a 401, and "
        "the contract lists it."
    )
