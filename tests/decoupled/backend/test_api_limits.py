"""How large a request may be: every part a client can make large has a bound and a clear error.

Most tests use the in-process client. The ones about a body too large to hold, and about
headers, run under the production server, as `make api` runs it (one uvicorn process, its
own database): a 300 MB enrollment is streamed at it from a generator (the test never holds it),
once with its size declared and once in chunks of unknown total. Each must be a 413 problem
after a few megabytes at most, and the server's peak memory (VmHWM, read from /proc) must
grow by far less than the body. Sizes are asserted, never times; a timeout only catches a hang.
"""

import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from decoupled.backend.limits import MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_QUERY_BYTES
from tests.support.databases import drop, new_database
from tests.support.environment import clean_environment
from tests.support.ports import free_port
from tests.support.processes import running

COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
ENROLL = f"/api/v2/courses/{COURSE}/enrollments"
SEARCH = "/api/v2/courses"
MB = 1024 * 1024
BODY_TOO_LARGE = "The request body is too large: at most 16 KB."
QUERY_TOO_LONG = "The query string is too long: at most 16 KB."
HEADERS_TOO_LARGE = "The request headers are too large: at most 8 KB."
HUGE_BODY_MB = 300
# The start of an enrollment whose "pad" field holds the rest: valid JSON, were it ever read.
BODY_START = b'{"name": "Ada Lovelace", "email": "ada@example.com", "pad": "'
BODY_END = b'"}'


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """The API under uvicorn, as `make api` starts it; its address and process id."""
    folder = tmp_path_factory.mktemp("limits")
    database = new_database(folder, "api.sqlite3")
    port = free_port()
    server_options = ["--host", "127.0.0.1", "--port", str(port)]
    command = [sys.executable, "-m", "uvicorn", "decoupled.backend.main:app", *server_options]
    url = f"http://127.0.0.1:{port}"
    environment = clean_environment(DATABASE_URL=database.url)
    try:
        with running(
            "uvicorn", command, environment, folder / "uvicorn.log", f"{url}/healthz"
        ) as api:
            yield url, api.process.pid
    finally:
        drop(database)


def _peak_memory_mb(pid: int) -> float:
    """The most memory the process has ever held (VmHWM, "high water mark"), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM in /proc")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads memory from /proc")
@pytest.mark.parametrize("size_declared", [True, False], ids=["content-length", "chunked"])
def test_a_300_mb_enrollment_is_refused_with_413_before_it_is_read(
    api, size_declared, assert_problem
):
    url, pid = api
    # A normal enrollment first: the route's code is loaded before the peak is taken.
    email = f"ada-{'declared' if size_declared else 'chunked'}@example.com"
    normal = httpx2.post(f"{url}{ENROLL}", json={"name": "Ada", "email": email}, timeout=60)
    assert normal.status_code == 201, normal.text
    peak_before = _peak_memory_mb(pid)
    megabytes_sent = 0

    def huge_body() -> Iterator[bytes]:
        nonlocal megabytes_sent
        yield BODY_START
        for _ in range(HUGE_BODY_MB):
            megabytes_sent += 1
            yield b"x" * MB
        yield BODY_END

    headers = {"Content-Type": "application/json"}
    if size_declared:
        headers["Content-Length"] = str(len(BODY_START) + HUGE_BODY_MB * MB + len(BODY_END))
    response = httpx2.post(f"{url}{ENROLL}", content=huge_body(), headers=headers, timeout=60)
    grown = _peak_memory_mb(pid) - peak_before
    print(f"sent {megabytes_sent} MB of {HUGE_BODY_MB}; the server's peak grew {grown:.1f} MB")

    assert assert_problem(response, 413)["detail"] == BODY_TOO_LARGE
    assert grown < 100
    # The server hung up instead of reading the rest: the client could send only what the
    # sockets' buffers hold, a few megabytes, not 300.
    assert response.headers["connection"] == "close"
    assert megabytes_sent < 64


def test_a_12_kb_header_is_a_431_problem_under_uvicorn(api, assert_problem):
    """Over our 8 KB and under the 16 KB that uvicorn's parser takes however the header
    arrives: in one read of the socket or in pieces. (A 100 KB header is a 431 too when it
    arrives whole, and the parser's 400 when a busy machine delivers it in pieces.)"""
    url, _ = api
    response = httpx2.get(f"{url}{SEARCH}", headers={"X-Padding": "a" * 12_000}, timeout=60)

    assert assert_problem(response, 431)["detail"] == HEADERS_TOO_LARGE
    assert httpx2.get(f"{url}/healthz", timeout=60).status_code == 200


def test_headers_too_large_for_uvicorn_itself_get_its_plain_400_and_it_keeps_serving(api):
    """What uvicorn's parser refuses never reaches the app: a plain-text 400, then it hangs
    up. It refuses unfinished headers once they pass 16 KB. This client then stops sending
    and reads the 400 (had it sent on, the hang-up would have been a "connection reset")."""
    url, _ = api
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=60) as connection:
        unfinished = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * 17_000
        connection.sendall(unfinished)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
            assert len(answer) < 65536, "a 400 is a few hundred bytes"

    assert answer.startswith(b"HTTP/1.1 400 ")
    assert answer.endswith(b"Invalid HTTP request received.")
    assert httpx2.get(f"{url}/healthz", timeout=60).status_code == 200


# --- each bound, in process ---------------------------------------------------------------


def test_a_20_kb_enrollment_is_a_413_problem(client, assert_problem):
    body = BODY_START + b"x" * 20_000 + BODY_END

    response = client.post(ENROLL, content=body, headers={"Content-Type": "application/json"})

    assert assert_problem(response, 413)["detail"] == BODY_TOO_LARGE


def test_a_20_kb_enrollment_in_chunks_is_a_413_problem(client, assert_problem):
    def chunks() -> Iterator[bytes]:
        yield BODY_START
        for _ in range(20):
            yield b"x" * 1000
        yield BODY_END

    response = client.post(ENROLL, content=chunks(), headers={"Content-Type": "application/json"})

    assert assert_problem(response, 413)["detail"] == BODY_TOO_LARGE


def test_an_enrollment_of_exactly_16_kb_is_read(client):
    start = b'{"name": "Ada Lovelace", "email": "ada@example.com"'
    body = start + b" " * (MAX_BODY_BYTES - len(start) - 1) + b"}"
    assert len(body) == MAX_BODY_BYTES

    response = client.post(ENROLL, content=body, headers={"Content-Type": "application/json"})

    assert response.status_code == 201, response.text


def test_a_normal_enrollment_is_still_201(client):
    response = client.post(ENROLL, json={"name": "Ada Lovelace", "email": "ada@example.com"})

    assert response.status_code == 201, response.text


def test_a_query_string_over_16_kb_is_a_414_problem_and_16_kb_is_fine(client, assert_problem):
    def query_of(size: int) -> str:
        query = "page=1&unused=" + "a" * (size - len("page=1&unused="))
        assert len(query) == size
        return query

    too_long = client.get(f"{SEARCH}?{query_of(MAX_QUERY_BYTES + 1)}")
    assert assert_problem(too_long, 414)["detail"] == QUERY_TOO_LONG
    assert client.get(f"{SEARCH}?{query_of(MAX_QUERY_BYTES)}").status_code == 200


def test_the_longest_valid_search_fits_in_the_query_limit(client):
    # 200 characters is the most a search may hold; an emoji is 12 bytes percent-encoded.
    params = {"q": "\N{GRINNING FACE}" * 200, "category": "ai-machine-learning"}
    params |= {"level": "intermediate", "sort": "price_desc", "max_price": "9999.99"}
    params |= {"min_rating": "4.5", "page": "1000", "per_page": "100"}

    assert client.get(SEARCH, params=params).status_code == 200


def test_headers_over_8_kb_are_a_431_problem(client, assert_problem):
    response = client.get(SEARCH, headers={"X-Padding": "a" * MAX_HEADER_BYTES})

    assert assert_problem(response, 431)["detail"] == HEADERS_TOO_LARGE


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        (f"{SEARCH}?per_page=101", "per_page", "per_page goes from 1 to 100."),
        ("/api/v2/partner/courses?limit=101", "limit", "Input should be less than or equal to 100"),
    ],
)
def test_a_page_of_more_than_100_is_a_422_naming_the_bound(
    client, partner_headers, assert_problem, path, field, message
):
    body = assert_problem(client.get(path, headers=partner_headers), 422, field)

    assert body["errors"] == [{"field": field, "message": message}]
