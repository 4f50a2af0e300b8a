"""A request larger than the ML service ever needs is refused, unread, with a problem.

The largest honest request is about 6 KB (500 emoji as JSON escapes). A body over 16 KB is a
413, an address over 1 KB a 414, headers over 8 KB a 431: each an RFC 9457 problem saying
the limit. The 300 MB requests here are never made: the one under uvicorn only says its size
(`Content-Length`) and sends 1 KB of it, the one sent in chunks is made as the app reads it,
and the test counts what the app read.
"""

import asyncio
import json
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.environment import clean_environment
from tests.support.ports import free_port
from tests.support.processes import running

MB = 1024 * 1024
LIMIT = 16 * 1024
BODY_TOO_LARGE = "The request body is too large: at most 16 KB."
URL_TOO_LONG = "The address is too long: at most 1 KB of path and query."
HEADERS_TOO_LARGE = "The request headers are too large: at most 8 KB."
SIMILAR = "/v1/courses/docker-for-absolute-beginners/similar"


def body_of(size: int, interests: str = "python") -> bytes:
    """A valid request of exactly `size` bytes: JSON may hold any amount of spaces."""
    start, end = b'{"interests": ' + json.dumps(interests).encode(), b"}"
    return start + b" " * (size - len(start) - len(end)) + end


@pytest.fixture(scope="module")
def uvicorn_url(model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The ML service under uvicorn, as `make ml` starts it."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "decoupled.ml.main:app", "--port", str(port)]
    with running(
        "uvicorn",
        [*command, "--host", "127.0.0.1"],
        clean_environment(MODEL_DIR=str(model_dir)),
        tmp_path_factory.mktemp("ml-limits") / "uvicorn.log",
        f"http://127.0.0.1:{port}/healthz",
    ):
        yield f"127.0.0.1:{port}"


def exchange(address: str, head: bytes, body_start: bytes) -> tuple[int, dict[str, str], Any]:
    """Send `head` and the start of a body on a raw socket; read the answer to its end."""
    host, port = address.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head + body_start)
        answer = b""
        while chunk := sock.recv(65536):  # the server closes the connection after answering
            answer += chunk
            if len(answer) > MB:
                pytest.fail("the answer never ended")
    header_block, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = header_block.decode().split("\r\n")
    headers = {name.lower(): value for name, value in (line.split(": ", 1) for line in lines)}
    return int(status_line.split()[1]), headers, json.loads(body)


def test_a_300_mb_request_is_refused_with_413_before_it_is_read(uvicorn_url):
    head = (
        f"POST /v1/recommendations HTTP/1.1\r\nHost: {uvicorn_url}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {300 * MB}\r\n\r\n"
    ).encode()

    # Only 1 KB of the 300 MB is ever sent, and the answer comes anyway.
    status, headers, problem = exchange(uvicorn_url, head, body_of(300 * MB)[:1024])

    assert status == 413
    assert headers["content-type"] == "application/problem+json"
    assert headers["connection"] == "close"
    assert problem == {
        "type": "about:blank",
        "title": "Request Entity Too Large",
        "status": 413,
        "detail": BODY_TOO_LARGE,
    }


def test_a_300_mb_body_sent_in_chunks_is_refused_at_the_first_chunk_too_many(client):
    app, read = client.app, 0
    chunk = b" " * (64 * 1024)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal read
        if read >= 300 * MB:
            return {"type": "http.request", "body": b"}", "more_body": False}
        piece = b'{"interests": "sql"' if read == 0 else chunk
        read += len(piece)
        return {"type": "http.request", "body": piece, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    # No Content-Length: the size is known only when the body ends.
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/recommendations",
        "raw_path": b"/v1/recommendations",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"ml"), (b"content-type", b"application/json")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8001),
        "state": {},
    }
    asyncio.run(app(scope, receive, send))

    start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
    assert start["status"] == 413
    assert (b"content-type", b"application/problem+json") in start["headers"]
    assert json.loads(body)["detail"] == BODY_TOO_LARGE
    assert read <= LIMIT + len(chunk)  # 300 MB offered, at most one chunk past the limit read


def test_a_body_just_over_16_kb_is_refused_and_one_of_16_kb_is_answered(client, assert_problem):
    post = "/v1/recommendations"
    headers = {"Content-Type": "application/json"}

    assert client.post(post, content=body_of(LIMIT), headers=headers).status_code == 200
    problem = assert_problem(client.post(post, content=body_of(LIMIT + 1), headers=headers), 413)
    assert problem["detail"] == BODY_TOO_LARGE


def test_the_longest_honest_request_is_far_under_the_limit(client):
    # 500 emoji, each written as a JSON escape of two UTF-16 halves (12 bytes).
    interests = "\N{GRINNING FACE}" * 500
    body = json.dumps({"interests": interests, "level": "intermediate", "k": 20}).encode()

    response = client.post(
        "/v1/recommendations", content=body, headers={"Content-Type": "application/json"}
    )

    assert len(body) < LIMIT / 2
    assert response.status_code == 200


def test_a_413_can_be_read_by_the_frontend(client):
    response = client.post(
        "/v1/recommendations",
        content=body_of(LIMIT + 1),
        headers={"Content-Type": "application/json", "Origin": "http://127.0.0.1:3000"},
    )

    assert response.status_code == 413
    assert response.headers["access-control-allow-origin"] == "http://127.0.0.1:3000"


@pytest.mark.parametrize(
    "url",
    [f"{SIMILAR}?k=5&padding={'x' * 1024}", f"/v1/courses/{'x' * 1024}/similar"],
    ids=["long-query", "long-slug"],
)
def test_an_address_over_1_kb_is_refused_with_414(client, assert_problem, url):
    problem = assert_problem(client.get(url), 414)

    assert problem["detail"] == URL_TOO_LONG
    assert "xxxx" not in json.dumps(problem)  # the address is not echoed back


def test_an_honest_address_is_answered(client):
    assert client.get(SIMILAR, params={"k": 20}).status_code == 200


def test_headers_over_8_kb_are_refused_with_431(client, assert_problem):
    response = client.get(SIMILAR, headers={"X-Padding": "x" * (8 * 1024)})

    assert assert_problem(response, 431)["detail"] == HEADERS_TOO_LARGE


def test_headers_over_8_kb_are_refused_under_uvicorn_too(uvicorn_url):
    # uvicorn's own parser takes up to about 256 KB of headers that arrive in one piece.
    head = (
        f"GET {SIMILAR} HTTP/1.1\r\nHost: {uvicorn_url}\r\nX-Padding: {'x' * 100_000}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()

    status, headers, problem = exchange(uvicorn_url, head, b"")

    assert status == 431
    assert headers["content-type"] == "application/problem+json"
    assert problem["detail"] == HEADERS_TOO_LARGE
