"""The monolith with an API: the same Flask program also serves a JSON partner feed.

What this teaches: *having an API* and *being split into separate programs* are two separate
choices. With `MONOLITH_API=1`, `create_app()` adds this blueprint, and the monolith answers
`GET /api/v1/partner/courses` and `GET /api/v1/partner/stats` with the same contract as the
catalog API's partner feed in `decoupled/backend/`: the same paths, the same JSON, paging
with a cursor, an `X-API-Key` per partner, a rate limit per key, and every error as
`application/problem+json`. A partner's program (`partners/api_feed.py`) reads either one
without a change. Nothing is deployed twice and there is no network hop between the pages
and the data: the feed's views query the same database as the HTML views, in-process.

Off by default, so lesson 01's monolith offers HTML pages only. The key commands are always
there (`make monolith-partner-key NAME=acme`, `make monolith-revoke-partner-key NAME=acme`), so
a key can be made, or revoked, while the API is off.
"""

from flask import Flask

from monolith.partner_api import feed, keys, problems

API_PREFIX = "/api/v1"


def init_app(app: Flask) -> None:
    app.cli.add_command(keys.create_partner_key_command)
    app.cli.add_command(keys.revoke_partner_key_command)
    if not app.config["API"]:
        return
    keys.init_app(app)
    problems.init_app(app)
    # JSON in the order the contract lists its fields, and "é" as "é", as the catalog API does.
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.register_blueprint(feed.bp, url_prefix=f"{API_PREFIX}/partner")
