"""A tiny HTTP server that answers what a test scripts: for answers the real API never gives.

The real catalog API never answers 503, never refuses a POST with 429, and never sends an HTML
page; a proxy in front of it, a busy deployment or a wrong address can. To check how the
client copes, a test lists the answers this server gives, in order, and reads back what it
received (method, path, headers). The Python client's and the MCP server's tests use it.
"""

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = tuple[int, dict[str, str], str]  # status, headers, body


class ScriptedServer(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ScriptedHandler)
        self.script: list[Answer] = []
        self.received: list[tuple[str, str, dict[str, str]]] = []  # method, path, headers

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def methods(self) -> list[str]:
        return [method for method, _, _ in self.received]


class ScriptedHandler(BaseHTTPRequestHandler):
    server: ScriptedServer

    def answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.received.append((self.command, self.path, dict(self.headers)))
        status, headers, body = self.server.script.pop(0)
        data = body.encode()
        self.send_response(status)
        for name, value in {"Content-Length": str(len(data)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = answer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass  # keep the test output clean


@contextmanager
def scripted_server() -> Iterator[ScriptedServer]:
    """A `ScriptedServer` on a free port, answering in a thread of this process until the block
    ends; a test sets `server.script` first."""
    server = ScriptedServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def json_answer(status: int, body: Any) -> Answer:
    return status, {"Content-Type": "application/json"}, json.dumps(body)


def problem(status: int, title: str, detail: str, **headers: str) -> Answer:
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail})
    return status, {"Content-Type": "application/problem+json", **headers}, body


EMPTY_PAGE = json_answer(200, {"items": [], "total": 0, "page": 1, "per_page": 12, "pages": 0})
EMPTY_FEED = json_answer(200, {"items": [], "next_cursor": None})
BUSY = problem(503, "Service Unavailable", "Back in a moment.", **{"Retry-After": "0"})
