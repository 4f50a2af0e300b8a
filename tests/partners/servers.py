"""Helpers for the partners' tests: real servers in subprocesses, and running the partners'
programs the way `make partner-scrape` and `make partner-api` do. The fixtures are in
conftest.py; test modules import the types from here. Starting, waiting, stopping, the free
ports and the clean environment are tests/support's.
"""

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.support.commands import run
from tests.support.environment import NO_PUBLIC_LIMITS, clean_environment
from tests.support.ports import free_port
from tests.support.servers import MONOLITH, Server, start_server, uvicorn


def start(
    name: str, command: list[str], folder: Path, ready_path: str, url: str, **env: str
) -> Server:
    """`command` started with `env` and no public rate limits (the scraper and the tests
    search far more than a visitor); its output in `folder/<name>.log`."""
    environment = clean_environment(**NO_PUBLIC_LIMITS, **env)
    return start_server(name, command, environment, folder / f"{name}.log", url, ready_path)


def start_monolith(name: str, folder: Path, **env: str) -> Server:
    """The monolith as `make monolith` serves it (waitress), on a free port, on its own
    database, `folder/<name>.sqlite3`, seeded from the dataset when it starts."""
    port = free_port()
    settings = {"MONOLITH_PORT": str(port), "MONOLITH_DATABASE": str(folder / f"{name}.sqlite3")}
    return start(name, MONOLITH, folder, "/", f"http://127.0.0.1:{port}", **settings, **env)


def start_uvicorn(name: str, app: str, folder: Path, **env: str) -> Server:
    """`app` under uvicorn on a free port, as `make api` and `make ml` serve theirs."""
    port = free_port()
    return start(name, uvicorn(app, port), folder, "/healthz", f"http://127.0.0.1:{port}", **env)


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_partner(module: str, out: Path, **env: str) -> Run:
    """`python -m partners.<module> --out <out>`, as `make partner-scrape`/`partner-api` run it."""
    extra = ["--delay", "0"] if module == "scrape_monolith" else []
    command = [sys.executable, "-m", f"partners.{module}", "--out", str(out), *extra]
    result = run(command, clean_environment(**env))
    return Run(result.returncode, result.stdout, result.stderr)


Scrape = Callable[[str, Path], Run]
ReadApiFeed = Callable[..., Run]


@dataclass(frozen=True)
class Scraped:
    csv: Path
    run: Run


def get_html(url: str) -> str:
    """A page's HTML, fetched directly (no proxy), as a browser would get it."""
    with requests.Session() as session:
        session.trust_env = False
        response = session.get(url, timeout=10)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.text
