"""The API's problem documents, and network failures, as the client's exceptions."""

import socket
import time
from collections.abc import Iterator

import pytest

from decoupled.client import (
    ApiError,
    ApiUnavailable,
    Client,
    NotFound,
    Unauthorized,
    ValidationFailed,
)
from tests.decoupled.client.servers import AGENTS_SLUG, ApiServer
from tests.support.scripted_server import ScriptedServer


def test_an_unknown_course_raises_not_found_with_the_apis_words(client: Client) -> None:
    with pytest.raises(NotFound) as caught:
        client.course("underwater-basket-weaving")

    error = caught.value
    assert (error.status, error.title) == (404, "Not Found")
    assert error.detail == "No course with slug 'underwater-basket-weaving'."
    assert error.field_errors == {}
    assert isinstance(error, ApiError)


def test_enrolling_with_bad_fields_names_each_field_and_what_is_wrong(client: Client) -> None:
    with pytest.raises(ValidationFailed) as caught:
        client.enroll(AGENTS_SLUG, "   ", "not-an-email")

    assert caught.value.status == 422
    assert caught.value.field_errors == {
        "name": "Name is required.",
        "email": "Enter a valid email address, like ada@example.com.",
    }


def test_enrolling_in_an_unknown_course_raises_not_found(client: Client) -> None:
    with pytest.raises(NotFound):
        client.enroll("underwater-basket-weaving", "Ada", "ada@example.com")


def test_a_search_out_of_range_names_the_bad_parameters(client: Client) -> None:
    with pytest.raises(ValidationFailed) as caught:
        client.search("ai", page=0, per_page=101, min_rating=6)

    assert caught.value.field_errors == {
        "page": "Pages are whole numbers from 1 to 1000.",
        "per_page": "per_page goes from 1 to 100.",
        "min_rating": "Enter a rating from 0 to 5.",
    }


def test_a_search_in_an_unknown_category_says_which_category(client: Client) -> None:
    with pytest.raises(ValidationFailed) as caught:
        client.search("ai", category="underwater")

    assert caught.value.field_errors == {"category": "Unknown category 'underwater'."}
    assert "category: Unknown category 'underwater'." in str(caught.value)


def test_the_partner_feed_without_a_key_raises_unauthorized(api: ApiServer) -> None:
    with Client(api.url) as anonymous, pytest.raises(Unauthorized) as caught:
        next(anonymous.partner_courses())

    assert caught.value.status == 401
    assert "X-API-Key" in caught.value.detail


def test_a_wrong_key_raises_unauthorized(api: ApiServer) -> None:
    with Client(api.url, api_key="not-a-real-key") as stranger, pytest.raises(Unauthorized):
        stranger.partner_stats()


def test_with_nothing_listening_the_client_says_it_cannot_reach_the_api(
    unused_address: str,
) -> None:
    with Client(unused_address) as client, pytest.raises(ApiUnavailable) as caught:
        client.categories()

    assert str(caught.value).startswith(f"Cannot reach the API at {unused_address}")


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A socket that accepts connections and never answers: a hung server."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


def test_a_server_that_never_answers_times_out_instead_of_hanging(silent_server: str) -> None:
    with Client(silent_server, timeout=0.3) as client:
        started = time.monotonic()
        with pytest.raises(ApiUnavailable) as caught:
            client.search("ai agents")

    assert time.monotonic() - started < 5
    assert str(caught.value) == f"The API at {silent_server} did not answer within 0.3 s."


def test_an_error_page_that_is_not_problem_json_is_still_an_api_error(
    scripted: ScriptedServer,
) -> None:
    # e.g. a proxy in front of the API, answering in HTML
    scripted.script = [(502, {"Content-Type": "text/html"}, "<h1>Bad Gateway</h1>")]

    with Client(scripted.url) as client, pytest.raises(ApiError) as caught:
        client.categories()

    assert (caught.value.status, caught.value.title) == (502, "Bad Gateway")
    assert caught.value.detail == "The API answered 502 Bad Gateway."


def test_an_address_that_answers_html_is_not_mistaken_for_the_api(
    scripted: ScriptedServer,
) -> None:
    # e.g. --api pointing at the browser frontend's port
    scripted.script = [(200, {"Content-Type": "text/html"}, "<h1>CourseHub</h1>")]

    with Client(scripted.url) as client, pytest.raises(ApiUnavailable) as caught:
        client.categories()

    assert (
        str(caught.value) == f"{scripted.url} answered, but not with JSON: is it the catalog API?"
    )
