"""The real services the Python client's tests talk to, and the course they look for.

The catalog API (`uvicorn decoupled.backend.main:app`) runs on a free port with its own fresh
SQLite database; partner keys are made with the backend's own command, as an administrator
would (`python -m decoupled.backend.cli create-partner-key NAME`). The ML service
(`uvicorn decoupled.ml.main:app`) serves the models trained once for the session. The fixtures
that start them are in conftest.py; test modules import what they need from here.
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.commands import create_partner_key
from tests.support.environment import NO_PUBLIC_LIMITS, clean_environment
from tests.support.ports import free_port
from tests.support.processes import REPO_ROOT, running

DATA_FILE = REPO_ROOT / "data" / "courses.json"
AGENTS_COURSE = "Build AI Agents with Python: From Zero to Your First Agent"
AGENTS_SLUG = "build-ai-agents-with-python-from-zero-to-your-first-agent"


@dataclass(frozen=True)
class ApiServer:
    url: str
    database_url: str
    log: Path

    def create_partner_key(self, name: str) -> str:
        """The administrator's command, on this server's database; the key it prints."""
        return create_partner_key(self.database_url, name)


def uvicorn(app: str, port: int) -> list[str]:
    return [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]


@contextmanager
def running_api(folder: Path, **settings: str) -> Iterator[ApiServer]:
    """The catalog API in a uvicorn subprocess on a free port, until the block ends. No public
    rate limits: the tests search far more than a visitor from one address."""
    port = free_port()
    database_url = f"sqlite:///{folder / 'api.sqlite3'}"
    server = ApiServer(f"http://127.0.0.1:{port}", database_url, folder / "uvicorn.log")
    env = clean_environment(
        DATABASE_URL=database_url, DATA_FILE=str(DATA_FILE), **NO_PUBLIC_LIMITS, **settings
    )
    command = uvicorn("decoupled.backend.main:app", port)
    with running("the API", command, env, server.log, f"{server.url}/healthz"):
        yield server


@contextmanager
def running_ml(folder: Path, model_dir: Path) -> Iterator[str]:
    """The ML service in a uvicorn subprocess on a free port, serving the content model; its
    address."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = clean_environment(MODEL_DIR=str(model_dir), MODEL="content")
    command = uvicorn("decoupled.ml.main:app", port)
    with running("the ML service", command, env, folder / "ml.log", f"{url}/healthz"):
        yield url
