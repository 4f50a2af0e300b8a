"""Real servers for the agents' tests, started once for the session.

Each runs in its own process on a free port (the partners' helpers, tests/partners/servers.py):
the catalog API, the ML service on models trained for the session, the monolith with today's
templates and a copy with MONOLITH_REDESIGN=1. The rate limits are off (SEARCH_RATE_LIMIT and
ENROLLMENT_RATE_LIMIT empty): an agent's searches are not what these tests count.
"""

import os
from collections.abc import Iterator

import pytest

from tests.agents.helpers import NO_RATE_LIMITS, Running, train
from tests.partners.servers import BIN, Server, free_port, start


@pytest.fixture(scope="session")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    folder = tmp_path_factory.mktemp("agents")
    models = folder / "models"
    started: list[Server] = []

    def uvicorn(name: str, app: str, **env: str) -> Server:
        port = free_port()
        command = [str(BIN / "uvicorn"), app, "--host=127.0.0.1", f"--port={port}"]
        return start(name, command, folder, "/healthz", f"http://127.0.0.1:{port}", **env)

    def monolith(name: str, **env: str) -> Server:
        port = free_port()
        return start(
            name,
            [str(BIN / "python"), "-m", "monolith"],
            folder,
            "/",
            f"http://127.0.0.1:{port}",
            MONOLITH_PORT=str(port),
            MONOLITH_DATABASE=str(folder / f"{name}.sqlite3"),
            MONOLITH_MODEL_DIR=str(models),
            **env,
        )

    try:
        # Set here, in the environment each server's starts from (whatever the helper adds).
        with pytest.MonkeyPatch.context() as environment:
            for name, value in NO_RATE_LIMITS.items():
                environment.setenv(name, value)
            database = f"sqlite:///{folder / 'api.sqlite3'}"
            started.append(uvicorn("api", "decoupled.backend.main:app", DATABASE_URL=database))
            train(models)  # while the API seeds its database
            ml_env = {"MODEL_DIR": str(models), "MODEL": "content"}
            started.append(uvicorn("ml", "decoupled.ml.main:app", **ml_env))
            started.append(monolith("monolith"))
            started.append(monolith("redesigned-monolith", MONOLITH_REDESIGN="1"))
        for server in started:
            server.wait_until_ready()
        yield Running(*started)
    finally:
        for server in started:
            server.stop()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """requests and httpx honour *_PROXY variables; the tests talk to 127.0.0.1 directly."""
    for name in list(os.environ):
        if name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
