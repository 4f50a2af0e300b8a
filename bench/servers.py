"""The servers a benchmark measures: real programs, started as the make targets start them.

What this teaches: measure the thing users get. Each server is a subprocess on a free port of
127.0.0.1 (never the learner's ports: a moved or busy port cannot upset a benchmark), with its
database fresh in a temporary folder, under its production server: the monolith with
`python -m monolith` (waitress), the catalog API and the ML service with uvicorn, the frontend
with `python -m decoupled.frontend`. None reloads code or runs in debug mode; each keeps
connections alive between requests (the frontend's static server excepted: Python's
http.server speaks HTTP/1.0, one connection per file) and writes its usual line per request,
to a temporary file, shown if it does not start.

The environment is the benchmark's own: the project's settings a learner may have exported
(API_DELAY_MS, MODEL, DATABASE_URL, ...) are left out, and the public rate limits are off
(SEARCH_RATE_LIMIT= and ENROLLMENT_RATE_LIMIT= empty): a benchmark is one address sending
thousands of requests a second. Starting, waiting and stopping, the free ports and the clean
environment are the tests' own harness (tests/support/), so a benchmark's servers start as the
tests' do.
"""

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support import ports
from tests.support.environment import NO_PUBLIC_LIMITS, clean_environment
from tests.support.processes import running
from tests.support.servers import uvicorn

__all__ = ["environment", "free_ports", "server", "uvicorn"]
START_TIMEOUT = 600.0  # seconds; seeding 100,000 courses takes a while


def free_ports(names: tuple[str, ...]) -> dict[str, int]:
    """A different free port for each name, below the range the system gives to outgoing
    connections, so that wrk's own sockets cannot take one first (tests/support/ports.py)."""
    return dict(zip(names, ports.free_ports(len(names)), strict=True))


def environment(settings: dict[str, str]) -> dict[str, str]:
    """A clean environment (tests/support/environment.py), the public limits off, `settings`."""
    return clean_environment(**NO_PUBLIC_LIMITS, **settings)


@contextmanager
def server(name: str, command: list[str], settings: dict[str, str], url: str) -> Iterator[float]:
    """Start one program; once `url` answers, give the seconds that took; stop it afterwards.

    Its output goes to a temporary file, shown if it does not start (tests/support/processes.py)."""
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="coursehub-bench-log-") as logs,
        running(
            f"the {name}",
            command,
            environment(settings),
            Path(logs) / "server.log",
            url,
            timeout=START_TIMEOUT,
        ),
    ):
        yield time.perf_counter() - started
