"""`python -m monolith`: serve the monolith with waitress, the way every starter does.

`make monolith`, `make run` (the Procfile), the demo, the benchmark and the tests all run this
file, so the server's settings live here and nowhere else. It listens on 127.0.0.1, on the
port in MONOLITH_PORT (5050 when unset), and hands waitress the app that `create_app()` builds,
wrapped in an access log (access_log.py): one line per request, as uvicorn writes for the API.

Why not waitress's defaults? They are made for a server behind a proxy that shields it from
the crowd. Facing browsers directly, two of them let a few clients shut everyone else out:

* `connection_limit` (default 100): waitress stops accepting connections once that many are
  open, and an open connection costs a client nothing. A hundred idle sockets, or browsers
  keeping their connections alive between pages, locked every other visitor out.
* `channel_timeout` (default 120 s): how long an idle connection may stay open. Until then it
  holds its place among the connections allowed.

Here the server keeps up to `CONNECTIONS` connections and closes one after `IDLE_TIMEOUT`
seconds without a request. An open connection costs waitress a file descriptor, not a thread:
the `THREADS` workers only run requests, so the number of idle clients does not tie them up.

`MAX_REQUEST_BODY` refuses a huge body before anything reads it: waitress answers 413 as soon
as it sees the Content-Length (or, for a chunked body, as soon as the count passes the bound),
and the rest is never received. Bodies up to that size reach Flask, which refuses anything over
its own, smaller limit (`MAX_CONTENT_LENGTH` in config.py) with the site's error page.
"""

import logging
import os
import resource

from waitress import serve

from monolith import create_app
from monolith.access_log import AccessLog

HOST = "127.0.0.1"  # this machine only: the tutorial never serves the network
DEFAULT_PORT = 5050
CONNECTIONS = 1000
IDLE_TIMEOUT = 30  # seconds; browsers open a new connection when theirs was closed
CLEANUP_INTERVAL = 10  # seconds between two looks for idle connections
THREADS = 8  # fewer than the database's 15 pooled connections, so none waits for one
MAX_REQUEST_BODY = 1024 * 1024  # 1 MiB: Flask's 64 KiB limit answers the bodies in between
# A connection may use up to 3 file descriptors (its socket, and spill files for a large
# request or answer); the rest are the database, the model and Python's own files.
FILES_PER_CONNECTION = 3
SPARE_FILES = 64


def connection_limit(wanted: int = CONNECTIONS) -> int:
    """How many connections this process can hold, raising its open-file limit if it must.

    macOS starts a terminal's programs with room for 256 open files, too few for a crowd; the
    soft limit may be raised up to the hard one without special rights. Where it cannot, the
    server holds fewer connections rather than fail to accept them.
    """
    needed = wanted * FILES_PER_CONNECTION + SPARE_FILES
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(1, min(wanted, (soft - SPARE_FILES) // FILES_PER_CONNECTION))


def port_from_environment() -> int:
    text = os.environ.get("MONOLITH_PORT", "").strip() or str(DEFAULT_PORT)
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise SystemExit(f"MONOLITH_PORT must be a port number from 1 to 65535, not {text!r}")
    return int(text)


def main() -> None:
    port = port_from_environment()
    # As waitress-serve does: waitress says "Serving on http://..." once it listens.
    logging.getLogger("waitress").setLevel(logging.INFO)
    serve(
        AccessLog(create_app()),  # a line per request, as uvicorn writes (access_log.py)
        host=HOST,
        port=port,
        threads=THREADS,
        connection_limit=connection_limit(),
        channel_timeout=IDLE_TIMEOUT,
        cleanup_interval=CLEANUP_INTERVAL,
        max_request_body_size=MAX_REQUEST_BODY,
        # poll() instead of select(): select() cannot watch more than 1024 sockets.
        asyncore_use_poll=True,
    )


if __name__ == "__main__":
    main()
