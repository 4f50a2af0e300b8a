"""Property-based contract testing: schemathesis reads /openapi.json and fires generated
requests, valid and invalid, at every route, checking each answer against the document:
status declared, body and headers matching their schemas, no 5xx, bad input refused, good
input accepted, a missing API key refused, and the rest of its default checks.
"""

import atexit
import json
import shutil
import tempfile
from pathlib import Path

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from sqlalchemy.orm import Session

from decoupled.backend.config import Settings, get_settings
from decoupled.backend.db import init_db
from decoupled.backend.main import create_app
from decoupled.backend.models import PartnerKey
from decoupled.backend.security import hash_key
from tests.support.databases import new_database

PARTNER_KEY = "contract-test-partner-key"
# The schema is loaded when pytest collects this file (one test per route), so the app and
# its database are made then too, in a folder removed when Python exits (after schemathesis
# has stopped the app: exit handlers run last-registered first).
WORK_DIR = Path(tempfile.mkdtemp(prefix="coursehub-contract-"))
atexit.register(shutil.rmtree, WORK_DIR, ignore_errors=True)


def contract_app() -> FastAPI:
    app_settings = Settings(
        database_url=new_database(WORK_DIR, "api.sqlite3").url,
        data_file=get_settings().data_file,
        # High enough never to be reached here; the 429 has its own test.
        partner_rate_limit="100000/minute",
    )
    app = create_app(app_settings)
    init_db(app.state.engine, app_settings.data_file)
    with Session(app.state.engine) as session:
        session.add(PartnerKey(name="contract", key_hash=hash_key(PARTNER_KEY)))
        session.commit()
    return app


# The key goes in as the document's `PartnerKey` scheme, not as a plain header: so schemathesis
# knows it is the credential, leaves it out on purpose (expecting a 401), and never mistakes
# a request it meant to be invalid for a valid one. The search's `category` is any text in the
# document (the categories are data); a valid one is drawn from the real ones, as a client
# takes them from GET /categories, since a made-up one is a 422 (as in schemathesis.toml).
CATEGORIES = sorted(
    {course["category"]["slug"] for course in json.loads(get_settings().data_file.read_text())}
)
CONFIG = schemathesis.Config.from_dict(
    {
        "auth": {"openapi": {"PartnerKey": {"api_key": PARTNER_KEY}}},
        "dictionaries": {"categories": {"values": CATEGORIES}},
        "parameters": {"query.category": {"dictionary": "categories"}},
    }
)
schema = schemathesis.openapi.from_asgi("/openapi.json", contract_app(), config=CONFIG)


# No help with emails: the document's pattern says which ones the API accepts, so every
# "valid" email schemathesis makes from it must be accepted (it once said `format: email`,
# and schemathesis's x@y.test was refused).


@schema.parametrize()
@settings(
    max_examples=30,
    derandomize=True,  # the same examples on every run: a failure is never a fluke
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_route_honours_the_openapi_contract(case):
    case.call_and_validate()
