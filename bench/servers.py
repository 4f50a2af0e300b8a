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
thousands of requests a second.
"""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the virtual environment's scripts: uvicorn
# The project's own settings, and the variables that would send requests through a proxy.
OURS = (
    "MONOLITH_",
    "API_",
    "ML_",
    "FRONTEND_",
    "PARTNER_",
    "DATABASE_URL",
    "DATA_FILE",
    "MODEL",
    "CORS_ORIGINS",
    "SEARCH_RATE_LIMIT",
    "ENROLLMENT_RATE_LIMIT",
)
NO_PUBLIC_LIMITS = {"SEARCH_RATE_LIMIT": "", "ENROLLMENT_RATE_LIMIT": ""}


def free_port() -> int:
    """A port no program listens on, below the range the system takes ports from for outgoing
    connections (32768 and up on Linux, 49152 on macOS). A port from that range, free when
    checked, may be taken by any client socket (the readiness checks, wrk, another program's
    tests) before the server binds it; below it, only a program asking for that very port can."""
    below = ephemeral_ports_start()
    for _ in range(200):
        port = secrets.randbelow(below - 10_000) + 10_000
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port from 10000 to {below}")


def free_ports(names: tuple[str, ...]) -> dict[str, int]:
    """A different free port for each name."""
    ports: dict[str, int] = {}
    while len(set(ports.values())) < len(names):
        ports = {name: free_port() for name in names}
    return ports


def ephemeral_ports_start() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # macOS starts at 49152: below 32768 is outside it too


def environment(settings: dict[str, str]) -> dict[str, str]:
    """This process's environment without the project's settings or proxies, plus `settings`."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(OURS) and not name.lower().endswith("_proxy")
    }
    return kept | {"NO_PROXY": "127.0.0.1,localhost"} | NO_PUBLIC_LIMITS | settings


def uvicorn(app: str, port: int) -> list[str]:
    """uvicorn as `make api` runs it: one process, no reload, its usual log level."""
    return [str(BIN / "uvicorn"), app, "--host", "127.0.0.1", "--port", str(port)]


@contextmanager
def server(name: str, command: list[str], settings: dict[str, str], url: str) -> Iterator[float]:
    """Start one program; once `url` answers, give the seconds that took; stop it afterwards.

    Its output goes to a temporary file, shown if it does not start."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(  # noqa: S603 (a fixed command of ours)
            command, cwd=REPO_ROOT, env=environment(settings), stdout=log, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 600  # seeding 100,000 courses takes seconds
            while True:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    tail = log.read().decode(errors="replace")[-2000:]
                    raise RuntimeError(f"the {name} did not start:\n{tail}")
                try:
                    if requests.get(url, timeout=2).ok:
                        break
                except requests.RequestException:
                    time.sleep(0.05)
            yield time.perf_counter() - started
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
