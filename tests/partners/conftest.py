"""Real servers for the partners' tests, each in its own process on a free port.

- `monolith`: the Flask monolith as `make monolith` serves it (waitress), today's templates.
- `redesigned_monolith`: the same app started with MONOLITH_REDESIGN=1, the new templates, and
  MONOLITH_API=1: it also serves the partner feed itself, with a key made by its own CLI.
- `api`: the catalog API under uvicorn, and a partner key made by its own CLI.

Each has its own fresh SQLite file, seeded from data/courses.json when it starts. The servers
start together (seeding is the slow part) and live for the whole session; searching and the
feed change nothing, so the tests can share them. `run_partner` runs one of the partners'
programs the way `make partner-scrape` / `make partner-api` do, as a separate process.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.partners.servers import (
    ReadApiFeed,
    Run,
    Scrape,
    Scraped,
    Server,
    run_partner,
    start_monolith,
    start_uvicorn,
)
from tests.support.commands import create_monolith_partner_key, create_partner_key

PARTNER = "compare-a-course"  # as `make partner-key NAME=compare-a-course` names it


@dataclass(frozen=True)
class Servers:
    monolith: Server
    redesigned_monolith: Server
    api: Server
    api_key: str
    monolith_api_key: str  # for the redesigned monolith's own partner API


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    folder = tmp_path_factory.mktemp("servers")
    database_url = f"sqlite:///{folder / 'api.sqlite3'}"

    started = []
    try:
        started.append(start_monolith("monolith", folder))
        # Its key first: making it also creates and seeds that monolith's database.
        redesigned_database = folder / "redesigned-monolith.sqlite3"
        monolith_api_key = create_monolith_partner_key(redesigned_database, PARTNER)
        redesigned = {"MONOLITH_REDESIGN": "1", "MONOLITH_API": "1"}
        started.append(start_monolith("redesigned-monolith", folder, **redesigned))
        # While the monoliths start: a key, as `make partner-key` makes it. This also creates
        # and seeds the API's database, so the API starts on a ready one.
        api_key = create_partner_key(database_url, PARTNER)
        app = "decoupled.backend.main:app"
        started.append(start_uvicorn("api", app, folder, DATABASE_URL=database_url))
        for server in started:
            server.wait_until_ready()
        monolith, redesigned, api = started
        yield Servers(monolith, redesigned, api, api_key, monolith_api_key)
    finally:
        for server in started:
            server.stop()


@pytest.fixture(scope="session")
def monolith(servers: Servers) -> Server:
    return servers.monolith


@pytest.fixture(scope="session")
def redesigned_monolith(servers: Servers) -> Server:
    return servers.redesigned_monolith


@pytest.fixture(scope="session")
def api(servers: Servers) -> Server:
    return servers.api


@pytest.fixture(scope="session")
def api_key(servers: Servers) -> str:
    return servers.api_key


@pytest.fixture(scope="session")
def monolith_api_key(servers: Servers) -> str:
    return servers.monolith_api_key


@pytest.fixture(scope="session")
def scrape() -> Scrape:
    """scrape(site_url, out): run the scraper against a site; what it printed and its status."""

    def run(site_url: str, out: Path) -> Run:
        return run_partner("scrape_monolith", out, MONOLITH_URL=site_url)

    return run


@pytest.fixture(scope="session")
def read_api_feed(api: Server, api_key: str) -> ReadApiFeed:
    """read_api_feed(out, key=...): run the API feed program with our partner key."""

    def run(out: Path, key: str | None = None) -> Run:
        return run_partner(
            "api_feed", out, API_URL=api.url, PARTNER_API_KEY=api_key if key is None else key
        )

    return run


@pytest.fixture(scope="session")
def todays_scrape(
    scrape: Scrape, monolith: Server, tmp_path_factory: pytest.TempPathFactory
) -> Scraped:
    """The scraper's run against today's site (before the redesign), made once."""
    out = tmp_path_factory.mktemp("today") / "partner-scrape.csv"
    return Scraped(out, scrape(monolith.url, out))
