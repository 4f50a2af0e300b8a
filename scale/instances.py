"""Catalog API instances: the same program, started several times, on one shared database.

What this teaches: an instance of a stateless service is interchangeable with the next one.
Each instance here is `uvicorn decoupled.backend.main:app` on a port of its own, as one
machine each would run it; what they share lives outside them: the catalog and the enrollments
in PostgreSQL (`DATABASE_URL`), the rate limits' counts in Redis (`REDIS_URL`). So any instance
can answer any request, and one can stop without losing anything that was acknowledged.

Two ways an instance stops: SIGTERM, as a deploy or a scale-down does (uvicorn stops taking
connections, finishes the requests under way, then exits), and SIGKILL, as a crash or an
out-of-memory kill does (gone at once, in the middle of its requests).
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60.0  # seconds for an instance to answer /healthz
STOP_TIMEOUT = 30.0
# The learner's own settings for the API stay out: the demo gives each instance its own.
SETTINGS = (
    "DATABASE_URL",
    "REDIS_URL",
    "PARTNER_RATE_LIMIT",
    "SEARCH_RATE_LIMIT",
    "ENROLLMENT_RATE_LIMIT",
    "API_DELAY_MS",
    "API_FAIL_RATE",
    "CORS_ORIGINS",
)


@dataclass
class ApiInstance:
    """One catalog API instance: its name, port and log, and its process once started."""

    name: str
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    stopped_with: str = ""

    @property
    def address(self) -> str:
        """How nginx names it (in `$upstream_addr`)."""
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.address}"

    def start(self, settings: Mapping[str, str]) -> None:
        """Start uvicorn with `settings` added to the environment; return at once."""
        environment = {
            name: value
            for name, value in os.environ.items()
            if name not in SETTINGS and not name.lower().endswith("_proxy")
        }
        command = [
            *(sys.executable, "-m", "uvicorn", "decoupled.backend.main:app"),
            *("--host", "127.0.0.1", "--port", str(self.port), "--no-access-log"),
        ]
        with self.log.open("ab") as output:  # the child keeps its own copy of the handle
            self.process = subprocess.Popen(  # noqa: S603 (our own program and arguments)
                command,
                cwd=REPO_ROOT,
                env={**environment, **settings},
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches the demo, which stops it in order
            )

    def wait_until_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        with requests.Session() as session:
            session.trust_env = False  # no proxy between us and 127.0.0.1
            while True:
                try:
                    if session.get(self.url + "/healthz", timeout=2).status_code == 200:
                        return
                except requests.RequestException:
                    pass
                if self.process.poll() is not None or time.monotonic() > deadline:
                    tail = self.log.read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"{self.name} did not start on port {self.port}:\n{tail}")
                time.sleep(0.1)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, signum: signal.Signals = signal.SIGTERM) -> None:
        """Send `signum` and wait until the process has exited (SIGKILL after a timeout)."""
        if not self.running:
            return
        assert self.process is not None
        self.stopped_with = self.stopped_with or signum.name
        self.process.send_signal(signum)
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT)
