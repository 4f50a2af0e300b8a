"""Real servers for the agents' tests, started once for the session.

Each runs in its own process on a free port (the partners' helpers, tests/partners/servers.py,
which switch the public rate limits off: an agent's searches are not what these tests count):
the catalog API, the ML service on the models trained for the session, the monolith with
today's templates and a copy with MONOLITH_REDESIGN=1.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.agents.helpers import Running
from tests.partners.servers import start_monolith, start_uvicorn
from tests.support.environment import direct_to_localhost
from tests.support.servers import Server


@pytest.fixture(scope="session")
def running(tmp_path_factory: pytest.TempPathFactory, trained_models: Path) -> Iterator[Running]:
    folder = tmp_path_factory.mktemp("agents")
    started: list[Server] = []

    try:
        database = f"sqlite:///{folder / 'api.sqlite3'}"
        api = start_uvicorn("api", "decoupled.backend.main:app", folder, DATABASE_URL=database)
        started.append(api)
        ml_env = {"MODEL_DIR": str(trained_models), "MODEL": "content"}
        started.append(start_uvicorn("ml", "decoupled.ml.main:app", folder, **ml_env))
        models = {"MONOLITH_MODEL_DIR": str(trained_models)}
        started.append(start_monolith("monolith", folder, **models))
        redesign = {"MONOLITH_REDESIGN": "1", **models}
        started.append(start_monolith("redesigned-monolith", folder, **redesign))
        for server in started:
            server.wait_until_ready()
        yield Running(*started)
    finally:
        for server in started:
            server.stop()


@pytest.fixture(autouse=True)
def no_proxy() -> Iterator[None]:
    """requests and httpx honour *_PROXY variables; the tests talk to 127.0.0.1 directly."""
    with direct_to_localhost():
        yield
