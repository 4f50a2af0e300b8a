"""The Python client is written for /api/v1: it keeps working there, and pointed at /api/v2
without being updated it fails loudly, naming the field it cannot read, never a KeyError.
A tolerant reader ignores fields it does not know, so v1 may grow without breaking it."""

import pytest

from decoupled.client import Client, UnexpectedAnswer
from tests.decoupled.client.servers import AGENTS_SLUG, ApiServer
from tests.decoupled.client.test_client_cli import lines, run_cli
from tests.support.scripted_server import ScriptedServer, json_answer


def test_the_client_still_reads_v1_while_v2_is_served_beside_it(client: Client):
    page = client.search("ai agents", per_page=3)
    assert page.items[0].slug == AGENTS_SLUG
    assert all(isinstance(course.price, float) for course in page.items)


def test_pointed_at_v2_unchanged_the_client_names_the_field_it_cannot_read(api: ApiServer):
    with Client(api.url, prefix="/api/v2") as client, pytest.raises(UnexpectedAnswer) as caught:
        client.search("ai agents")
    assert caught.value.problems == ["items.*.price: Input should be a valid number"]
    assert str(caught.value) == (
        "The answer is not the CoursePage this client knows: "
        "items.*.price: Input should be a valid number."
    )


def test_one_course_from_v2_fails_the_same_way(api: ApiServer):
    with Client(api.url, prefix="/api/v2") as client, pytest.raises(UnexpectedAnswer) as caught:
        client.course(AGENTS_SLUG)
    assert caught.value.problems == ["price: Input should be a valid number"]


def test_the_command_line_pointed_at_v2_says_what_broke_and_why(api: ApiServer):
    result = run_cli(api.url, "--api-prefix", "/api/v2", "search", "ai agents")
    assert result.returncode == 1
    assert result.stdout == ""
    assert lines(result.stderr) == [
        "error: The answer is not the CoursePage this client knows: items.*.price: Input "
        "should be a valid number.",
        "error: This client is written for /api/v1; the server answered in another version of "
        "the contract. Use it on the version it was written for.",
    ]


def test_a_missing_field_is_named_too(scripted: ScriptedServer):
    scripted.script = [json_answer(200, {"items": [], "total": 0, "page": 1, "per_page": 12})]
    with Client(scripted.url) as client, pytest.raises(UnexpectedAnswer) as caught:
        client.search("ai")
    assert caught.value.problems == ["pages: Field required"]


def test_a_field_the_client_does_not_know_is_ignored(scripted: ScriptedServer):
    grown = {"items": [], "total": 0, "page": 1, "per_page": 12, "pages": 0, "took_ms": 3}
    scripted.script = [json_answer(200, grown)]
    with Client(scripted.url) as client:
        assert client.search("ai").total == 0
