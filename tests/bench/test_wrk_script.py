"""bench/wrk/cycle.lua and bench/load.py: wrk sends the list it is given, in turn, and every
answer is timed and checked. Against a small server of the test's own, for one second."""

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench.load import NO_WRK, Request, run_wrk

REPO_ROOT = Path(__file__).resolve().parents[2]
needs_wrk = pytest.mark.skipif(shutil.which("wrk") is None, reason=NO_WRK)


class Recorder(BaseHTTPRequestHandler):
    """Answers /page 200, /style.css 304 when asked with its ETag, POST /enroll 201."""

    protocol_version = "HTTP/1.1"  # keep-alive, as waitress and uvicorn
    seen: list[tuple[str, str, str]] = []  # method, path, the body or the If-None-Match

    def answer(self, status: int, body: bytes = b"") -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        etag = self.headers.get("If-None-Match", "")
        self.seen.append(("GET", self.path, etag))
        if self.path == "/style.css" and etag == '"v1"':
            self.answer(304)
        else:
            self.answer(200 if self.path == "/page" else 404, b"<p>hello</p>")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.seen.append(("POST", self.path, body))
        self.answer(201, b"{}")

    def log_message(self, *_: object) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # wrk closes its connections mid-request when its time is up: not news


@pytest.fixture
def recorder() -> Iterator[str]:
    Recorder.seen = []
    server = QuietServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@needs_wrk
def test_each_connection_sends_the_list_in_turn_and_every_answer_is_timed(recorder: str) -> None:
    listed = [
        Request("GET", "/page", 200),
        Request("GET", "/style.css", 304, {"If-None-Match": '"v1"'}),
        Request("POST", "/enroll", 201, {"Content-Type": "text/plain"}, "email=bench-{n}@x.org"),
    ]
    chunk = run_wrk(recorder, listed, connections=2, seconds=1, label="test")

    assert chunk.requests > 30
    assert chunk.seconds >= 1
    counts = [len(chunk.latencies_ms[position]) for position in range(3)]
    assert sum(counts) == chunk.requests
    assert max(counts) - min(counts) <= 2  # in turn: at most one pass apart per connection
    assert all(ms > 0 for values in chunk.latencies_ms.values() for ms in values)
    styles = [extra for method, path, extra in Recorder.seen if path == "/style.css"]
    assert set(styles) == {'"v1"'}
    posted = [extra for method, _, extra in Recorder.seen if method == "POST"]
    assert len(set(posted)) == len(posted)  # {n}: every enrollment a new email
    assert all(body.startswith("email=bench-test-") for body in posted)


@needs_wrk
def test_an_answer_other_than_the_one_expected_stops_the_benchmark(recorder: str) -> None:
    with pytest.raises(RuntimeError, match=r"/missing answered 404"):
        run_wrk(recorder, [Request("GET", "/missing", 200)], connections=1, seconds=1, label="x")


def test_without_wrk_the_benchmarks_stop_at_once_saying_how_to_install_it(tmp_path: Path) -> None:
    """No wrk on the PATH: one line, and not a server started."""
    without_wrk = os.environ | {"PATH": str(tmp_path)}
    for module in ("bench.architectures", "bench.scale"):
        done = subprocess.run(
            [sys.executable, "-m", module],
            cwd=REPO_ROOT,
            env=without_wrk,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode != 0
        assert done.stderr.strip() == NO_WRK
        assert done.stdout == ""
    make = shutil.which("make")
    if make is None:
        return
    for target in ("bench", "bench-scale"):
        done = subprocess.run(
            [make, "--no-print-directory", target, f"PATH={tmp_path}"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode != 0
        assert done.stdout.strip() == NO_WRK
