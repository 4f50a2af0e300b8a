"""Several server processes of one twin, each counting rate limits: alone, or in one Redis.

The catalog API runs as `make api` runs it, under uvicorn, here with `WORKERS` worker
processes; the monolith as `make monolith` runs it (`python -m monolith`, waitress: one process
with threads), so to have several monolith processes the tests start two on two ports, as two
machines behind a load balancer would run it. Each gets the limits its test sets, and
`REDIS_URL` or not; nothing else of the learner's environment reaches them.
"""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from tests.e2e.servers import seed_api, seed_monolith
from tests.reliability.servers import ProductionServer
from tests.support.environment import clean_environment
from tests.support.ports import free_port
from tests.support.servers import MONOLITH, uvicorn

WORKERS = 3
PARTNER_KEY = "tests-scale-partner-key"


def api_server(folder: Path, **settings: str) -> ProductionServer:
    """The catalog API under uvicorn with `WORKERS` workers, a fresh database, a partner key."""
    from decoupled.backend.models import PartnerKey
    from decoupled.backend.security import hash_key

    folder.mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{folder / 'api.sqlite3'}"
    seed_api(database_url)
    engine = create_engine(database_url)
    with Session(engine) as session:
        session.add(PartnerKey(name="acme", key_hash=hash_key(PARTNER_KEY)))
        session.commit()
    engine.dispose()
    port = free_port()
    return ProductionServer(
        name="api",
        command=uvicorn("decoupled.backend.main:app", port, "--workers", str(WORKERS)),
        environment=clean_environment(DATABASE_URL=database_url, **settings),
        port=port,
        folder=folder,
        ready_path="/healthz",
        workers=WORKERS,
    )


def monolith_servers(folder: Path, count: int, **settings: str) -> list[ProductionServer]:
    """`count` monolith processes on one database, its partner API on, with a partner key."""
    from monolith.models import PartnerKey
    from monolith.partner_api.keys import hash_key

    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "monolith.sqlite3"
    seed_monolith(database)
    engine = create_engine(f"sqlite:///{database}")
    with Session(engine) as session:
        session.add(PartnerKey(name="acme", key_hash=hash_key(PARTNER_KEY)))
        session.commit()
    engine.dispose()
    servers = []
    for number in range(1, count + 1):
        port = free_port()
        servers.append(
            ProductionServer(
                name=f"monolith-{number}",
                command=MONOLITH,
                environment=clean_environment(
                    MONOLITH_PORT=str(port),
                    MONOLITH_DATABASE=str(database),
                    MONOLITH_MODEL_DIR=str(folder / "no-model"),  # no recommender needed here
                    MONOLITH_API="1",
                    **settings,
                ),
                port=port,
                folder=folder,
                ready_path="/categories",
            )
        )
    return servers


def _status(url: str, headers: dict[str, str]) -> int:
    # A session per request: a new connection each time, so the requests reach every worker
    # (one kept-alive connection would stay with one worker).
    with requests.Session() as session:
        session.trust_env = False
        return session.get(url, headers=headers, timeout=30).status_code


def burst(urls: list[str], headers: dict[str, str] | None = None, clients: int = 24) -> list[int]:
    """GET every URL of `urls` (repeat one to send it many times), `clients` at a time."""
    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(lambda url: _status(url, headers or {}), urls))
