"""Two versions of the contract side by side: /api/v2 is current, /api/v1 is deprecated.

Version 2 changes one thing, a course's price ({"amount": "84.99", "currency": "USD"} instead
of 84.99). Everything else is the same data from the same code. Version 1 keeps answering
exactly as before, and every answer says it is deprecated, when it ends, and where to go.
"""

import json
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from decoupled.backend.models import Enrollment
from tests.decoupled.backend.contract import (
    BROKEN_ON_PURPOSE,
    PROMISE,
    breaking_changes,
    shapes,
)

COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"


def _without_prices(body):
    return [{k: v for k, v in item.items() if k != "price"} for item in body["items"]]


@pytest.mark.parametrize("query", ["q=ai+agents", "sort=price_asc&per_page=100", "max_price=0"])
def test_both_versions_find_the_same_courses_in_the_same_order(client, query):
    v1 = client.get(f"/api/v1/courses?{query}").json()
    v2 = client.get(f"/api/v2/courses?{query}").json()
    assert _without_prices(v1) == _without_prices(v2)
    assert (v1["total"], v1["pages"]) == (v2["total"], v2["pages"])


def test_v2_writes_each_price_as_exact_text_with_its_currency(client):
    v1 = client.get("/api/v1/courses?per_page=100&sort=price_desc").json()["items"]
    v2 = client.get("/api/v2/courses?per_page=100&sort=price_desc").json()["items"]
    for old, new in zip(v1, v2, strict=True):
        assert isinstance(old["price"], float)
        assert new["price"] == {"amount": f"{old['price']:.2f}", "currency": "USD"}


def test_a_free_course_costs_0_00_usd_in_v2(client):
    course = client.get("/api/v2/courses?max_price=0&per_page=1").json()["items"][0]
    assert course["price"] == {"amount": "0.00", "currency": "USD"}


def test_one_course_in_v2_has_the_new_price_and_nothing_else_changed(client):
    v1 = client.get(f"/api/v1/courses/{COURSE}").json()
    v2 = client.get(f"/api/v2/courses/{COURSE}").json()
    assert v2.pop("price") == {"amount": f"{v1.pop('price'):.2f}", "currency": "USD"}
    assert v1 == v2


def test_the_partner_feed_in_v2_has_the_new_price_too(client, add_partner_key):
    key = add_partner_key()
    v2 = client.get("/api/v2/partner/courses?limit=3", headers={"X-API-Key": key}).json()
    assert all(set(item["price"]) == {"amount", "currency"} for item in v2["items"])
    assert client.get("/api/v2/partner/stats", headers={"X-API-Key": key}).status_code == 200


def test_an_enrollment_through_either_version_is_the_same_enrollment(client, app):
    body = {"name": "Grace Hopper", "email": "grace-versions@example.com"}
    first = client.post(f"/api/v2/courses/{COURSE}/enrollments", json=body)
    assert first.status_code == 201
    again = client.post(f"/api/v1/courses/{COURSE}/enrollments", json=body)
    assert (again.status_code, again.json()) == (201, first.json())
    with Session(app.state.engine) as session:  # the one database both versions write to
        emails = session.scalars(select(Enrollment.email).where(Enrollment.email == body["email"]))
        assert len(emails.all()) == 1


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/courses?q=ai", 200),
        (f"/api/v1/courses/{COURSE}", 200),
        ("/api/v1/categories", 200),
        ("/api/v1/courses/no-such-course", 404),
        ("/api/v1/courses?level=expert", 422),
        ("/api/v1/partner/stats", 401),
    ],
)
def test_every_v1_answer_says_it_is_deprecated_when_it_ends_and_where_to_go(
    client, make_settings, path, status
):
    response = client.get(path)
    assert response.status_code == status
    settings = make_settings()
    deprecated_at = datetime.fromtimestamp(int(response.headers["Deprecation"][1:]), UTC)
    assert deprecated_at == settings.v1_deprecated_at
    sunset = parsedate_to_datetime(response.headers["Sunset"])
    assert sunset == settings.v1_sunset_at
    assert sunset > deprecated_at
    successor = path.split("?")[0].replace("/api/v1/", "/api/v2/")
    assert f'<{successor}>; rel="successor-version"' in response.headers["Link"]


@pytest.mark.parametrize("path", ["/api/v2/courses?q=ai", "/api/v2/courses/nope", "/healthz"])
def test_v2_answers_carry_no_deprecation(client, path):
    response = client.get(path)
    assert not {"Deprecation", "Sunset", "Link"} & set(response.headers)


def test_a_browser_page_may_read_the_deprecation_headers(client):
    response = client.get("/api/v1/categories", headers={"Origin": "http://localhost:3000"})
    exposed = response.headers["Access-Control-Expose-Headers"].lower()
    assert {"deprecation", "sunset", "link"} <= set(exposed.replace(" ", "").split(","))


def test_v1_still_keeps_every_promise_it_made(client):
    """The contract test: v1 as served today breaks nothing that v1 promised when it shipped."""
    promised = json.loads(PROMISE.read_text())
    served = shapes(client.get("/openapi.json").json())
    problems = breaking_changes(promised, served)
    assert not problems, (
        "Version 1 changed in a way that breaks its clients:\n  "
        + "\n  ".join(problems)
        + "\nMake the change in a new version (as /api/v2 did for the price) instead."
    )


def test_each_promise_broken_on_purpose_is_really_broken_and_says_why(client):
    """The excuses cannot hide anything else: each one is a break v1 really makes today."""
    promised = json.loads(PROMISE.read_text())
    served = shapes(client.get("/openapi.json").json())
    assert sorted(breaking_changes(promised, served, excused=())) == sorted(BROKEN_ON_PURPOSE)
    assert all(reason.strip() for reason in BROKEN_ON_PURPOSE.values())


def test_the_contract_test_catches_v2s_price_change_made_to_v1_in_place(client):
    promised = json.loads(PROMISE.read_text())
    # What v1 would serve if someone had changed the price in place: v2's shapes, renamed.
    v2_as_v1 = {
        answer.replace("/api/v2/", "/api/v1/"): schema
        for answer, schema in shapes(client.get("/openapi.json").json(), "/api/v2/").items()
    }
    problems = breaking_changes(promised, v2_as_v1)
    assert (
        "GET /api/v1/courses 200 application/json.items[].price: type was 'number', now 'object'"
        in problems
    )
    assert any(problem.startswith("GET /api/v1/partner/courses 200") for problem in problems)


def test_the_contract_test_allows_a_new_optional_field():
    promised = {"GET /x 200": {"type": "object", "properties": {"a": {"type": "string"}}}}
    grown = {"GET /x 200": {"type": "object", "properties": {"a": {"type": "string"}, "b": {}}}}
    assert breaking_changes(promised, grown) == []
    assert breaking_changes(grown, promised) == ["GET /x 200.b: the field is gone"]


def test_the_successor_link_of_an_odd_address_is_percent_encoded(client):
    response = client.get("/api/v1/courses/caf%C3%A9%20%C4%80")
    assert response.status_code == 404
    assert response.headers["Link"].startswith("</api/v2/courses/caf%C3%A9%20%C4%80>;")
