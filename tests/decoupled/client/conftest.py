"""Fixtures for the Python client's tests: a real catalog API and ML service, by uvicorn.

The client is tested the way a mobile app meets the services: over a real socket, against
the real backend running in its own process (`uvicorn decoupled.backend.main:app`), with its
own fresh SQLite database. Partner keys are made with the backend's own command, as an
administrator would (`python -m decoupled.backend.cli create-partner-key NAME`). The ML
service (`uvicorn decoupled.ml.main:app`) serves models trained once per session into a
temporary folder, by the command behind `make train` (`python -m decoupled.ml.train`).
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

from decoupled.client import Client, MLClient
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
    own |= {"ML_URL", "ML_PORT", "MODEL", "MODEL_DIR", "CORS_ORIGINS"}
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in own and not name.lower().endswith("_proxy")
    }
    # No public rate limits: the tests search far more than a visitor from one address.
    environment.update(
        NO_PROXY="127.0.0.1,localhost",
        PYTHONIOENCODING="utf-8",
        SEARCH_RATE_LIMIT="",
        ENROLLMENT_RATE_LIMIT="",
        **extra,
    )
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
def running_server(
    name: str, command: list[str], env: dict[str, str], url: str, log: Path
) -> Iterator[None]:
    """`command` in a subprocess, from when `url` answers 200 until the block ends."""
    with log.open("w", encoding="utf-8") as log_file:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 30
            while not _answers(url):
                if process.poll() is not None:
                    pytest.fail(f"{name} stopped at start:\n{log.read_text()}")
                if time.monotonic() > deadline:
                    pytest.fail(f"{name} did not answer in 30 s:\n{log.read_text()}")
                time.sleep(0.05)
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def uvicorn(app: str, port: int) -> list[str]:
    return [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]


@contextmanager
def running_api(folder: Path, **environment: str) -> Iterator[ApiServer]:
    """The catalog API in a uvicorn subprocess on a free port, until the block ends."""
    port = free_port()
    database_url = f"sqlite:///{folder / 'api.sqlite3'}"
    server = ApiServer(f"http://127.0.0.1:{port}", database_url, folder / "uvicorn.log")
    env = clean_environment(DATABASE_URL=database_url, DATA_FILE=str(DATA_FILE), **environment)
    command = uvicorn("decoupled.backend.main:app", port)
    with running_server("the API", command, env, f"{server.url}/healthz", server.log):
        yield server


def train_models(model_dir: Path) -> None:
    """Both recommenders, trained from the dataset into `model_dir`, as `make train` does."""
    result = subprocess.run(
        [sys.executable, "-m", "decoupled.ml.train"],
        cwd=REPO_ROOT,
        env=clean_environment(MODEL_DIR=str(model_dir)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@contextmanager
def running_ml(folder: Path, model_dir: Path) -> Iterator[str]:
    """The ML service in a uvicorn subprocess on a free port, serving the content model; its
    address."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = clean_environment(MODEL_DIR=str(model_dir), MODEL="content")
    command = uvicorn("decoupled.ml.main:app", port)
    with running_server("the ML service", command, env, f"{url}/healthz", folder / "ml.log"):
        yield url


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
def ml(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One ML service for the whole session, on models trained for it; its address."""
    folder = tmp_path_factory.mktemp("ml")
    train_models(folder / "models")
    with running_ml(folder, folder / "models") as url:
        yield url


@pytest.fixture
def ml_client(ml: str) -> Iterator[MLClient]:
    with MLClient(ml) as client:
        yield client


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
