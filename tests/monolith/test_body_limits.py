"""A request body too large for the site is refused with 413, unread, and nothing is stored.

The enroll form is a few hundred bytes. Anything over 64 KB gets the site's error page with a
plain message, before Flask reads the body: the huge forms here are generated piece by piece
while the app reads them, so the test never holds them, and it counts what the app read.
(tests/monolith/test_served_by_waitress.py checks the same under the production server.)
"""

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.databases import Database

COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
URL = f"/courses/{COURSE}"
MB = 1024 * 1024
TOO_LARGE = "The form was too large (at most 64 KB), so nothing was saved."


class GeneratedBody(io.RawIOBase):
    """A form body `start` + `size` bytes of "x", made as it is read; counts what was read."""

    def __init__(self, start: bytes, size: int) -> None:
        self.pieces = self._pieces(start, size)
        self.pending = b""
        self.read_so_far = 0

    @staticmethod
    def _pieces(start: bytes, size: int) -> Iterator[bytes]:
        yield start
        for offset in range(0, size, 64 * 1024):
            yield b"x" * min(64 * 1024, size - offset)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self.pending:
            self.pending = next(self.pieces, b"")
        count = min(len(buffer), len(self.pending))
        buffer[:count] = self.pending[:count]
        self.pending = self.pending[count:]
        self.read_so_far += count
        return count


def _form_start(token: str) -> bytes:
    return f"csrf_token={token}&email=ada%40example.com&name=".encode()


def _post(client: FlaskClient, body: GeneratedBody, length: int | None) -> Any:
    """POST `body` as a server hands it to the app: a stream, with its length if known."""
    environ: dict[str, Any] = {"wsgi.input": body, "CONTENT_LENGTH": str(length)}
    if length is None:  # a chunked upload: no length is known before the end
        environ.update(CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked")
        environ["wsgi.input_terminated"] = True
    return client.post(
        URL, content_type="application/x-www-form-urlencoded", environ_overrides=environ
    )


@pytest.mark.parametrize("size", [2 * MB, 200 * MB], ids=["2-mb", "200-mb"])
def test_a_huge_enrollment_is_refused_with_413_before_it_is_read(
    size: int,
    client: FlaskClient,
    csrf_token: Callable[[str], str],
    page_of: Callable[..., Any],
    count_rows: Callable[[str], int],
) -> None:
    start = _form_start(csrf_token(URL))
    body = GeneratedBody(start, size)
    response = _post(client, body, len(start) + size)
    page = page_of(response)
    assert page.status == 413
    assert "That form was too large" in page.text
    assert TOO_LARGE in page.text
    assert "Back to the catalog" in page.text  # the site's own layout
    assert body.read_so_far == 0  # refused on its Content-Length alone
    assert count_rows("enrollments") == 0


def test_a_huge_enrollment_without_a_length_is_never_read_past_64_kb(
    client: FlaskClient,
    csrf_token: Callable[[str], str],
    page_of: Callable[..., Any],
    count_rows: Callable[[str], int],
) -> None:
    # With no Content-Length to refuse up front, Flask reads at most 64 KB and parses what it
    # read: a 64 KB name, which the form refuses. (waitress counts a chunked body itself and
    # answers 413: test_served_by_waitress.py.)
    body = GeneratedBody(_form_start(csrf_token(URL)), 200 * MB)
    page = page_of(_post(client, body, None))
    assert body.read_so_far <= 64 * 1024
    assert page.status == 400
    assert "Name must be at most 100 characters." in page.text
    assert count_rows("enrollments") == 0


def test_a_form_just_over_the_limit_is_refused_and_one_just_under_is_read(
    client: FlaskClient,
    csrf_token: Callable[[str], str],
    count_rows: Callable[[str], int],
) -> None:
    start = _form_start(csrf_token(URL))
    over = 64 * 1024 + 1 - len(start)
    assert _post(client, GeneratedBody(start, over), len(start) + over).status_code == 413
    under = 64 * 1024 - len(start)
    # Read, and refused by the form's own rule: a name is at most 100 characters.
    response = _post(client, GeneratedBody(start, under), len(start) + under)
    assert response.status_code == 400
    assert "Name must be at most 100 characters." in response.get_data(as_text=True)
    assert count_rows("enrollments") == 0


def test_a_multipart_form_with_too_many_fields_is_refused_with_413(
    client: FlaskClient,
    csrf_token: Callable[[str], str],
    count_rows: Callable[[str], int],
) -> None:
    token = csrf_token(URL)
    fields = {f"extra{number}": "x" for number in range(200)}
    response = client.post(
        URL,
        data={"csrf_token": token, "name": "Ada", "email": "ada@example.com", **fields},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert count_rows("enrollments") == 0


def test_the_413_page_is_html_even_with_the_partner_api_on(
    app_factory: Callable[..., Flask], database: Database
) -> None:
    client = app_factory(database, API=True).test_client()
    response = client.post(URL, data={"name": "x" * (100 * 1024)})
    assert response.status_code == 413
    assert response.content_type.startswith("text/html")
    assert TOO_LARGE in response.get_data(as_text=True)
