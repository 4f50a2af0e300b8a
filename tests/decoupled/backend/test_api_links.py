"""The document's links lead somewhere: followed from a real answer, each one makes a request
that works, in the same version of the API.

`make fuzz` follows them (schemathesis's stateful phase: a search, then the course it found);
a link to a field the answer lacks, or to a route that is not there, would quietly test nothing.
"""

from typing import Any

import pytest

ENROLLMENT = {"name": "Ada Lovelace", "email": "ada@example.com"}
# What to ask each route that has links, so its answer has something to follow.
ASK = {"/courses": {"q": "ai"}, "/partner/courses": {"limit": 1}}
SLUG = "build-ai-agents-with-python-from-zero-to-your-first-agent"


@pytest.fixture
def document(client):
    return client.get("/openapi.json").json()


def resolve(expression: str, answer: Any) -> Any:
    """`$response.body#/items/0/slug` in `answer`, as a JSON pointer."""
    value = answer
    for step in expression.removeprefix("$response.body#/").split("/"):
        value = value[int(step)] if isinstance(value, list) else value[step]
    return value


def test_every_link_leads_from_a_real_answer_to_a_request_that_works(
    client, document, partner_headers
):
    by_id = {
        operation["operationId"]: (method, address)
        for address, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    followed = []
    for address, methods in document["paths"].items():
        for method, operation in methods.items():
            links = operation["responses"].get("200", {}).get("links", {})
            if not links:
                continue
            version = address.split("/")[2]
            answer = client.request(
                method,
                address.replace("{slug}", SLUG),
                params=ASK.get(address.removeprefix(f"/api/{version}"), {}),
                headers=partner_headers,
            )
            assert answer.status_code == 200, answer.text
            for name, link in links.items():
                to_method, to_address = by_id[link["operationId"]]
                assert to_address.startswith(f"/api/{version}/"), name
                values = {
                    where: resolve(expression, answer.json())
                    for where, expression in link["parameters"].items()
                }
                query = {
                    where.removeprefix("query."): value
                    for where, value in values.items()
                    if where.startswith("query.")
                }
                slug = values.get("path.slug", SLUG)
                response = client.request(
                    to_method,
                    to_address.replace("{slug}", slug),
                    params=query,
                    headers=partner_headers,
                    json=ENROLLMENT if to_method == "post" else None,
                )
                assert response.status_code in (200, 201), (name, response.text)
                followed.append(f"{method.upper()} {address} {name}")

    assert len(followed) == 14  # 7 links in each version
