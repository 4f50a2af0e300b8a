"""Fixtures for the Python client's tests: a real catalog API and ML service, by uvicorn.

The client is tested the way a mobile app meets the services: over a real socket, against
the real backend running in its own process, with its own fresh SQLite database, and the ML
service serving the models trained once for the session (servers.py starts them both).
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from decoupled.client import Client, MLClient
from tests.decoupled.client.servers import DATA_FILE, ApiServer, running_api, running_ml
from tests.support import ports
from tests.support.environment import direct_to_localhost
from tests.support.scripted_server import ScriptedServer, scripted_server


@pytest.fixture(autouse=True)
def no_proxy() -> Iterator[None]:
    """requests and httpx honour *_PROXY variables; the tests talk to 127.0.0.1 directly."""
    with direct_to_localhost():
        yield


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
def ml(tmp_path_factory: pytest.TempPathFactory, trained_models: Path) -> Iterator[str]:
    """One ML service for the whole session, on the models trained for it; its address."""
    with running_ml(tmp_path_factory.mktemp("ml"), trained_models) as url:
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
    return ports.unused_address()


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    """A server that gives the answers a test lists in `scripted.script` (see its module)."""
    with scripted_server() as server:
        yield server
