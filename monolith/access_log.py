"""One line per request in the monolith's log, as uvicorn writes one for the API and the ML service.

waitress, the monolith's server, says when it starts and when something goes wrong, but never
what it serves: an access log is a job it leaves to the app, or to a proxy in front of it. So
under `make run` the API and the ML service printed a line per request and the monolith none.
`AccessLog` wraps the app the way waitress calls it (a WSGI middleware: the same signature as
the app, one call in between) and writes, for every answer, the client, the request line as it
came and the status, in uvicorn's order:

    INFO:monolith.access:127.0.0.1:52114 - "GET /?q=ai+agents HTTP/1.1" 200 OK

(Paste's TransLogger does the same in Apache's format; a dozen lines here spare a dependency.)
`python -m monolith` (monolith/__main__.py) wraps the app in it; the tests' Flask client does not.
"""

import logging
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger("monolith.access")
log.setLevel(logging.INFO)
# Its own handler, to stderr as waitress writes, in the same format as waitress's lines. Not
# passed on to the "monolith" logger: Flask gives that one a handler too, and each line would
# then be written twice.
log.propagate = False
_handler = logging.StreamHandler()
_handler.setFormatter(logging.Formatter("%(levelname)s:%(name)s:%(message)s"))
log.addHandler(_handler)


def request_line(environ: WSGIEnvironment) -> str:
    """'GET /?q=ai+agents HTTP/1.1': the target as the client sent it (waitress keeps it in
    REQUEST_URI), else rebuilt from the decoded path."""
    target = environ.get("REQUEST_URI") or quote(environ.get("PATH_INFO", "")) + (
        f"?{environ['QUERY_STRING']}" if environ.get("QUERY_STRING") else ""
    )
    return f"{environ['REQUEST_METHOD']} {target} {environ.get('SERVER_PROTOCOL', 'HTTP/1.0')}"


class AccessLog:
    """The WSGI app `app`, logging one line for each answer it starts."""

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        client = environ.get("REMOTE_ADDR", "-")
        if environ.get("REMOTE_PORT"):
            client += f":{environ['REMOTE_PORT']}"

        def logged_start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], object]:
            log.info('%s - "%s" %s', client, request_line(environ), status)
            return start_response(status, headers, exc_info)

        return self.app(environ, logged_start_response)
