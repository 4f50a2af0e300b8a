"""Fixtures for the Python client's tests: a real catalog API, served by uvicorn.

The client is tested the way a mobile app meets the API: over a real socket, against the
real backend running in its own process (`uvicorn decoupled.backend.main:app`), with its own
fresh SQLite database. Partner keys are made with the backend's own command, as an
administrator would (`python -m decoupled.backend.cli create-partner-key NAME`).
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from decoupled.client import Client
from tests.decoupled.client.scripted_server import ScriptedServer

REPO_ROOT = Path(__file__).resolve().parents[3]
DATA_FILE = REPO_ROOT / "data" / "courses.json"
AGENTS_COURSE = "Build AI Agents with Python: From Zero to Your First Agent"
AGENTS_SLUG = "build-ai-agents-with-python-from-zero-to-your-first-agent"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_environment(**extra: str) -> dict[str, str]:
    """This environment without proxies or the user's own API settings, plus `extra`."""
    own = {"API_URL", "API_PORT", "DATABASE_URL", "PARTNER_RATE_LIMIT", "DATA_FILE", "COLUMNS"}
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in own and not name.lower().endswith("_proxy")
    }
    environment.update(NO_PROXY="127.0.0.1,localhost", PYTHONIOENCODING="utf-8", **extra)
    return environment


@dataclass(frozen=True)
class ApiServer:
    url: str
    database_url: str
    log: Path

    def create_partner_key(self, name: str) -> str:
        """The administrator's command, on this server's database; the key it prints."""
        result = subprocess.run(
            [sys.executable, "-m", "decoupled.backend.cli", "create-partner-key", name],
            cwd=REPO_ROOT,
            env=clean_environment(DATABASE_URL=self.database_url, DATA_FILE=str(DATA_FILE)),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()[-1].strip()


def _answers(url: str) -> bool:
    try:
        with requests.Session() as session:
            session.trust_env = False  # no proxy for 127.0.0.1
            return session.get(url, timeout=1).status_code == 200
    except requests.ConnectionError:
        return False


@contextmanager
def running_api(folder: Path, **environment: str) -> Iterator[ApiServer]:
    """The catalog API in a uvicorn subprocess on a free port, until the block ends."""
    port = free_port()
    database_url = f"sqlite:///{folder / 'api.sqlite3'}"
    server = ApiServer(f"http://127.0.0.1:{port}", database_url, folder / "uvicorn.log")
    env = clean_environment(DATABASE_URL=database_url, DATA_FILE=str(DATA_FILE), **environment)
    command = [sys.executable, "-m", "uvicorn", "decoupled.backend.main:app"]
    with server.log.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while not _answers(f"{server.url}/healthz"):
                if process.poll() is not None:
                    pytest.fail(f"the API stopped at start:\n{server.log.read_text()}")
                if time.monotonic() > deadline:
                    pytest.fail(f"the API did not answer in 30 s:\n{server.log.read_text()}")
                time.sleep(0.05)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """requests honours *_PROXY variables; the tests talk to 127.0.0.1 directly."""
    for name in list(os.environ):
        if name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture(scope="session")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    """One API for the whole session (generous rate limit): tests use their own emails."""
    with running_api(tmp_path_factory.mktemp("api"), PARTNER_RATE_LIMIT="1000/minute") as server:
        yield server


@pytest.fixture
def client(api: ApiServer) -> Iterator[Client]:
    with Client(api.url) as api_client:
        yield api_client


@pytest.fixture(scope="session")
def partner_key(api: ApiServer) -> str:
    return api.create_partner_key("acme")


@pytest.fixture
def partner(api: ApiServer, partner_key: str) -> Iterator[Client]:
    with Client(api.url, api_key=partner_key) as partner_client:
        yield partner_client


@pytest.fixture(scope="session")
def courses() -> list[dict[str, Any]]:
    """The dataset the API was seeded from: what the answers are checked against."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def unused_address() -> str:
    """An address where nothing listens."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    """A server that gives the answers a test lists in `scripted.script` (see its module)."""
    server = ScriptedServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
