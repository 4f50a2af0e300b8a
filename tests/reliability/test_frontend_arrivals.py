"""A crowd reaching the frontend's file server at one moment is queued, not turned away.

The frontend is Python's `http.server`, one connection per file. Connections the system has
completed and the server has not yet taken wait in a queue whose length the server asks for.
An attempt that finds the queue full is dropped, and the browser tries again only a second
later: with Python's default length, 5, all but the first few browsers of a crowd waited.

Here the frontend is frozen (SIGSTOP: it takes no connection at all), a hundred browsers
connect, and the system must complete each connection within half a second, well under the
second a dropped attempt costs. Thawed, the frontend then serves every one of them its page.
"""

import signal
import socket
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.reliability.servers import ProductionServer, frontend_server, running
from tests.support.ports import free_port

BROWSERS = 100
CONNECT_WITHIN = 0.5  # seconds; a dropped attempt is sent again only after one second
NOWHERE = "http://127.0.0.1:9"  # the pages are files: no API is called in this test


@pytest.fixture
def frontend(tmp_path: Path) -> Iterator[ProductionServer]:
    server = frontend_server(tmp_path, NOWHERE, NOWHERE, free_port())
    with running(server):
        yield server


def _page(connection: socket.socket) -> bytes:
    connection.settimeout(30)
    connection.sendall(b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
    answer = b""
    while chunk := connection.recv(65536):
        answer += chunk
    return answer


def test_a_hundred_browsers_arriving_while_the_frontend_is_busy_all_get_the_page(
    frontend: ProductionServer,
) -> None:
    address = ("127.0.0.1", frontend.port)
    turned_away = 0
    with ExitStack() as connections:
        opened = []
        frontend.signal_group(signal.SIGSTOP)
        try:
            for _ in range(BROWSERS):
                try:
                    connection = socket.create_connection(address, timeout=CONNECT_WITHIN)
                except TimeoutError:  # the queue was full: the attempt was dropped
                    turned_away += 1
                else:
                    opened.append(connections.enter_context(connection))
        finally:
            frontend.signal_group(signal.SIGCONT)
        pages = [_page(connection) for connection in opened]

    assert turned_away == 0, f"{turned_away} of {BROWSERS} browsers would wait a second more"
    assert len(pages) == BROWSERS
    for page in pages:
        assert page.startswith(b"HTTP/1.0 200 OK"), page[:200]
        assert b"<title>Find your next course \xc2\xb7 CourseHub</title>" in page
