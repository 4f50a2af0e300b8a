"""The monolith writes one line per request, as the API and the ML service do under uvicorn.

First the middleware alone (monolith/access_log.py), then `python -m monolith` as `make run`
starts it: a search and a missing page, each a line in its log, with the status it got.
"""

import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from monolith.access_log import AccessLog, log
from tests.support import processes
from tests.support.databases import Database, TestDatabases
from tests.support.environment import clean_environment
from tests.support.ports import free_port
from tests.support.servers import MONOLITH


def test_each_answer_is_one_line_with_the_client_the_request_line_and_the_status(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def app(environ, start_response):  # the smallest WSGI app: one "404 NOT FOUND"
        start_response("404 NOT FOUND", [("Content-Type", "text/plain")])
        return [b"no"]

    environ = {
        "REQUEST_METHOD": "GET",
        "REQUEST_URI": "/no-such-page?q=ai+agents",
        "PATH_INFO": "/no-such-page",
        "QUERY_STRING": "q=ai+agents",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "52114",
    }
    log.addHandler(caplog.handler)  # the access log does not pass its lines up to the root
    try:
        body = AccessLog(app)(environ, lambda status, headers, exc_info=None: None)
    finally:
        log.removeHandler(caplog.handler)

    assert list(body) == [b"no"]
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.INFO, '127.0.0.1:52114 - "GET /no-such-page?q=ai+agents HTTP/1.1" 404 NOT FOUND')
    ]


@pytest.fixture
def monolith_log(
    tmp_path: Path, databases: TestDatabases, seeded_database: Database
) -> Iterator[tuple[str, Path]]:
    """`python -m monolith` on a free port; its address, and the file its output goes to."""
    database = databases.copy(seeded_database, "monolith.sqlite3")
    port = free_port()
    environment = clean_environment(
        MONOLITH_PORT=str(port),
        **database.monolith_environment(),
        MONOLITH_MODEL_DIR=str(tmp_path / "no-model"),  # the catalog needs no model
    )
    output = tmp_path / "monolith.log"
    with processes.running("the monolith", MONOLITH, environment, output) as server:
        # Ready once it says so: a request to see would write a line of the log under test.
        server.wait_until_it_prints("Serving on")
        yield f"http://127.0.0.1:{port}", output


def test_under_waitress_every_request_writes_one_line_to_the_log(
    monolith_log: tuple[str, Path],
) -> None:
    url, output = monolith_log
    with requests.Session() as session:
        session.trust_env = False  # no proxy between the test and 127.0.0.1
        assert session.get(url + "/?q=ai+agents&level=beginner", timeout=10).status_code == 200
        assert session.get(url + "/no-such-page", timeout=10).status_code == 404

    deadline = time.monotonic() + 10
    while output.read_text().count("INFO:monolith.access:") < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = [line for line in output.read_text().splitlines() if "monolith.access" in line]
    access = r'INFO:monolith\.access:127\.0\.0\.1:\d+ - "GET {} HTTP/1\.1" {}'
    assert len(lines) == 2, output.read_text()
    assert re.fullmatch(access.format(r"/\?q=ai\+agents&level=beginner", "200 OK"), lines[0])
    assert re.fullmatch(access.format("/no-such-page", "404 NOT FOUND"), lines[1])
