"""Helpers for the partners' tests: real servers in subprocesses, and running the partners'
programs the way `make partner-scrape` and `make partner-api` do. The fixtures are in
conftest.py; test modules import the types from here.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # the virtual environment's bin/ (.venv/bin)
START_TIMEOUT = 60.0


def clean_environment(**extra: str) -> dict[str, str]:
    """This process's environment without proxies or the project's own settings."""
    ours = ("MONOLITH_", "API_", "PARTNER_", "DATABASE_URL", "DATA_FILE")
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.lower().endswith("_proxy") and not name.startswith(ours)
    }
    # No public rate limits: the scraper and the tests search far more than a visitor.
    environment.update(
        NO_PROXY="127.0.0.1,localhost", SEARCH_RATE_LIMIT="", ENROLLMENT_RATE_LIMIT="", **extra
    )
    return environment


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    name: str
    url: str
    ready_path: str
    process: subprocess.Popen[bytes]
    log: Path

    def answers(self) -> bool:
        try:
            with requests.Session() as session:
                session.trust_env = False  # no proxy between us and 127.0.0.1
                return session.get(self.url + self.ready_path, timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while not self.answers():
            if self.process.poll() is not None:
                pytest.fail(f"{self.name} stopped at start:\n{self.log.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(
                    f"{self.name} did not answer in {START_TIMEOUT:g} s:\n{self.log.read_text()}"
                )
            time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(
    name: str, command: list[str], folder: Path, ready_path: str, url: str, **env: str
) -> Server:
    log = folder / f"{name}.log"
    with log.open("wb") as output:  # the child keeps its own copy of the file handle
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=clean_environment(**env),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    return Server(name=name, url=url, ready_path=ready_path, process=process, log=log)


def create_partner_key(database_url: str) -> str:
    """`make partner-key NAME=compare-a-course`: the key is the last line it prints."""
    result = subprocess.run(
        [sys.executable, "-m", "decoupled.backend.cli", "create-partner-key", "compare-a-course"],
        cwd=REPO_ROOT,
        env=clean_environment(DATABASE_URL=database_url),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1].strip()


def create_monolith_partner_key(database: Path) -> str:
    """`make monolith-partner-key NAME=compare-a-course`, for the monolith's own partner API."""
    result = subprocess.run(
        [str(BIN / "flask"), "--app", "monolith", "create-partner-key", "compare-a-course"],
        cwd=REPO_ROOT,
        env=clean_environment(MONOLITH_DATABASE=str(database)),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1].strip()


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_partner(module: str, out: Path, **env: str) -> Run:
    """`python -m partners.<module> --out <out>`, as `make partner-scrape`/`partner-api` run it."""
    extra = ["--delay", "0"] if module == "scrape_monolith" else []
    result = subprocess.run(
        [sys.executable, "-m", f"partners.{module}", "--out", str(out), *extra],
        cwd=REPO_ROOT,
        env=clean_environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
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
