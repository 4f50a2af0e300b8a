"""The monolith under its production server, started as `make monolith` starts it.

`python -m monolith` (monolith/__main__.py) runs waitress with the settings every starter uses.
These tests talk to it over real sockets on 127.0.0.1: a crowd of idle and keep-alive
connections must not lock anyone out, a hundred searches at once all get their page, and a
huge form is refused with 413 before the server reads it, storing nothing.
"""

import resource
import select
import socket
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from http.client import HTTPConnection
from pathlib import Path

import pytest
import requests

from tests.support import processes
from tests.support.crowd import all_at_once
from tests.support.databases import Database, copy_of, drop
from tests.support.environment import NO_PUBLIC_LIMITS, clean_environment
from tests.support.ports import free_port
from tests.support.servers import MONOLITH

COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
IDLE_CLIENTS = 200
SEARCHERS = 100
HANG = 10  # seconds: an answer slower than this is taken for a hang (nothing is timed)
MB = 1024 * 1024
TOO_LARGE = "The form was too large (at most 64 KB), so nothing was saved."


@dataclass(frozen=True)
class Served:
    port: int
    database: Database
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def enrollments(self) -> int:
        [(count,)] = self.database.rows("SELECT count(*) FROM enrollments")
        return count


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy between the test and 127.0.0.1
    return session


@contextmanager
def _serve(
    folder: Path, seeded_database: Database, open_files: int | None = None
) -> Iterator[Served]:
    """`python -m monolith` on a free port and a copy of the seeded database, until the block
    ends. `open_files`: start it with that soft limit on open files, as macOS does (256)."""
    database = copy_of(seeded_database, folder, "monolith.sqlite3")
    port = free_port()
    environment = clean_environment(
        MONOLITH_PORT=str(port),
        **database.monolith_environment(),
        MONOLITH_MODEL_DIR=str(folder / "no-model"),  # the catalog needs no model
        MONOLITH_SECRET_KEY="test",
        **NO_PUBLIC_LIMITS,  # a crowd from one address, on purpose
    )

    def limit_open_files() -> None:
        if open_files is not None:
            hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
            resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, hard))

    running = Served(port, database, folder / "monolith.log")
    try:
        with processes.running(
            "the monolith",
            MONOLITH,
            environment,
            running.log,
            running.url + "/categories",
            preexec_fn=limit_open_files,  # only setrlimit, between fork and exec
        ):
            yield running
    finally:
        drop(database)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, seeded_database: Database) -> Iterator[Served]:
    with _serve(tmp_path_factory.mktemp("waitress"), seeded_database) as running:
        yield running


def _status(outcome: object) -> object:
    return getattr(outcome, "status_code", getattr(outcome, "status", type(outcome).__name__))


# --- a crowd --------------------------------------------------------------------------------


def test_two_hundred_idle_connections_do_not_lock_other_visitors_out(served: Served) -> None:
    with ExitStack() as stack:
        for _ in range(IDLE_CLIENTS):  # sockets that connect and never say a word
            stack.enter_context(socket.create_connection(("127.0.0.1", served.port), HANG))
        with _session() as session:
            response = session.get(served.url + "/?q=ai+agents", timeout=HANG)
    assert response.status_code == 200
    assert "AI Agents" in response.text


def test_idle_connections_do_not_lock_visitors_out_where_few_files_may_be_open(
    tmp_path: Path, seeded_database: Database
) -> None:
    # macOS gives a program room for 256 open files; the server raises its own limit.
    with _serve(tmp_path, seeded_database, open_files=256) as served, ExitStack() as stack:
        for _ in range(2 * IDLE_CLIENTS):
            stack.enter_context(socket.create_connection(("127.0.0.1", served.port), HANG))
        with _session() as session:
            response = session.get(served.url + "/", timeout=HANG)
        assert response.status_code == 200


def test_two_hundred_keep_alive_visitors_each_get_their_page_and_a_newcomer_too(
    served: Served,
) -> None:
    with ExitStack() as stack:
        connections = [
            HTTPConnection("127.0.0.1", served.port, timeout=HANG) for _ in range(IDLE_CLIENTS)
        ]
        for connection in connections:
            stack.callback(connection.close)

        def visit(number: int) -> object:
            connection = connections[number]
            connection.request("GET", "/categories")  # HTTP/1.1: the connection stays open
            response = connection.getresponse()
            response.read()
            return response

        outcomes = all_at_once(IDLE_CLIENTS, visit)
        assert Counter(_status(outcome) for outcome in outcomes) == {200: IDLE_CLIENTS}
        # All 200 connections are still open and idle: one more visitor must get in.
        with _session() as session:
            response = session.get(served.url + "/", timeout=HANG)
        assert response.status_code == 200


def test_a_hundred_simultaneous_searches_all_get_their_page(served: Served) -> None:
    def search(_: int) -> requests.Response:
        with _session() as session:
            return session.get(served.url + "/?q=ai&sort=rating", timeout=30)

    started = time.perf_counter()
    answers = all_at_once(SEARCHERS, search)
    elapsed = time.perf_counter() - started
    statuses = Counter(_status(answer) for answer in answers)
    assert statuses == {200: SEARCHERS}, statuses
    first = answers[0]
    assert isinstance(first, requests.Response)
    assert all(answer.text == first.text for answer in answers)  # type: ignore[attr-defined]
    print(f"{SEARCHERS} simultaneous searches answered in {elapsed:.2f} s")


# --- a huge form ----------------------------------------------------------------------------


class _TokenParser(HTMLParser):
    token = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") == "csrf_token":
            self.token = attributes.get("value") or ""


def _visitor(served: Served) -> tuple[str, str]:
    """A visitor's session cookie and the CSRF token of the course page's form."""
    with _session() as session:
        page = session.get(f"{served.url}/courses/{COURSE}", timeout=HANG)
        parser = _TokenParser()
        parser.feed(page.text)
        cookie = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
    assert parser.token and cookie
    return cookie, parser.token


@dataclass
class Answer:
    status: int
    body: str
    sent: int  # bytes of the body the client had sent when the server answered


def _post_streamed(served: Served, size: int, *, chunked: bool = False) -> Answer:
    """POST an enrollment whose name is `size` bytes of "x", generated 64 KiB at a time.

    The client stops sending as soon as an answer arrives, as a browser does, so the test
    never holds the body in memory and can tell how much of it the server took.
    """
    cookie, token = _visitor(served)
    start = f"csrf_token={token}&email=ada%40example.com&name=".encode()
    length = len(start) + size

    def pieces() -> Iterator[bytes]:
        yield start
        left = size
        while left > 0:
            piece = b"x" * min(left, 64 * 1024)
            left -= len(piece)
            yield piece

    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {length}"
    head = (
        f"POST /courses/{COURSE} HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\n{framing}\r\n"
        f"Cookie: {cookie}\r\nConnection: close\r\n\r\n"
    ).encode()
    sent = 0
    with socket.create_connection(("127.0.0.1", served.port), timeout=HANG) as connection:
        connection.sendall(head)
        try:
            for piece in pieces():
                if select.select([connection], [], [], 0)[0]:
                    break  # the server has answered (or hung up): stop sending
                framed = b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece
                connection.sendall(framed)
                sent += len(piece)
            else:
                if chunked:
                    connection.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        received = bytearray()
        try:  # the first MiB of the answer is plenty to read it
            while len(received) < MB and (data := connection.recv(64 * 1024)):
                received += data
        except ConnectionResetError:
            pass
    head_text, _, body = received.partition(b"\r\n\r\n")
    assert head_text.startswith(b"HTTP/1.1 "), received[:200]
    return Answer(int(head_text.split()[1]), bytes(body).decode("utf-8", "replace"), sent)


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
@pytest.mark.parametrize("size", [2 * MB, 200 * MB], ids=["2-mb", "200-mb"])
def test_a_huge_enrollment_is_refused_with_413_before_it_is_read(
    served: Served, size: int, chunked: bool
) -> None:
    before = served.enrollments()
    answer = _post_streamed(served, size, chunked=chunked)
    assert answer.status == 413
    assert "Request Entity Too Large" in answer.body
    if size > 16 * MB:  # waitress read at most 1 MiB; the loopback's buffers hold a few more
        assert answer.sent < 16 * MB
    assert served.enrollments() == before
    print(
        f"{size // MB} MB ({'chunked' if chunked else 'with a length'}): 413 after {answer.sent} B"
    )


def test_a_form_over_64_kb_gets_the_sites_413_page_and_saves_nothing(served: Served) -> None:
    before = served.enrollments()
    answer = _post_streamed(served, 100 * 1024)
    assert answer.status == 413
    assert TOO_LARGE in answer.body
    assert "CourseHub" in answer.body and "Back to the catalog" in answer.body
    assert served.enrollments() == before


def test_an_enrollment_of_normal_size_still_works_under_waitress(served: Served) -> None:
    with _session() as session:
        page = session.get(f"{served.url}/courses/{COURSE}", timeout=HANG)
        parser = _TokenParser()
        parser.feed(page.text)
        before = served.enrollments()
        response = session.post(
            f"{served.url}/courses/{COURSE}",
            data={"csrf_token": parser.token, "name": "Ada", "email": "ada@example.com"},
            timeout=HANG,
            allow_redirects=False,
        )
    assert response.status_code == 302
    assert served.enrollments() == before + 1


@pytest.mark.parametrize(
    "target",
    [b"/?q=\x80", b"/?q=caf\xc3\xa9", b"/courses/\xc3", b"/recommend?interests=\xff"],
    ids=["search", "search-utf8", "course", "recommend"],
)
def test_an_address_with_raw_bytes_that_are_not_ascii_gets_a_400(
    served: Served, target: bytes
) -> None:
    # Browsers escape them (%C3%A9); waitress refuses a request line that holds them raw,
    # before the app sees it. test_hostile_input.py sends the app everything else.
    with socket.create_connection(("127.0.0.1", served.port), timeout=HANG) as connection:
        connection.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        status_line = connection.recv(64 * 1024).split(b"\r\n", 1)[0]
    assert status_line == b"HTTP/1.1 400 Bad Request"
