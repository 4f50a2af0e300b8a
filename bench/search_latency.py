"""`make bench`: the same searches through both architectures, side by side, in one run.

What this teaches: what the extra layer costs, measured rather than guessed. The monolith
answers a search with a whole HTML page; the API answers with JSON that a client still has to
render. Both run as real servers (waitress and uvicorn, in subprocesses, each on a fresh
database in a temporary folder), and each request is timed from the client's side.
Figures vary from machine to machine: compare the two columns of one run, not runs.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from bench.ml_latency import free_port, latencies, percentiles

REPO_ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

MONOLITH_FACTORY = "monolith:create_app"
QUIET = ["--log-level", "warning"]

SEARCHES = [
    {"q": "ai agents"},
    {"q": "python", "sort": "rating"},
    {"category": "data-science", "level": "beginner"},
    {"max_price": "20", "sort": "price_desc", "page": "2"},
    {},
]


@contextmanager
def server(name: str, command: list[str], env: dict[str, str], health: str) -> Iterator[str]:
    """Start one architecture's server on a free port; yield its base URL."""
    port = free_port()
    command = [arg.replace("PORT", str(port)) for arg in command]
    process = subprocess.Popen(  # noqa: S603 (a fixed command of ours)
        command, cwd=REPO_ROOT, env=os.environ | env, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the {name} did not start")
            try:
                if requests.get(url + health, timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def measure(url: str, path: str, count: int) -> dict[str, str]:
    with requests.Session() as http:

        def search(i: int) -> requests.Response:
            return http.get(url + path, params=SEARCHES[i % len(SEARCHES)], timeout=10)

        latencies(search, 20, budget=30)  # warm-up
        p50, p95 = percentiles(latencies(search, count, budget=60))
        size = sum(len(search(i).content) for i in range(len(SEARCHES))) / len(SEARCHES)
    return {"p50": f"{p50 * 1000:.1f} ms", "p95": f"{p95 * 1000:.1f} ms", "size": f"{size:,.0f} B"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="per column (default 300)")
    count = max(parser.parse_args().requests, 2)
    with tempfile.TemporaryDirectory(prefix="coursehub-bench-") as folder:
        monolith = server(
            "monolith",
            [str(BIN / "waitress-serve"), "--listen=127.0.0.1:PORT", "--call", MONOLITH_FACTORY],
            {"MONOLITH_DATABASE": f"{folder}/monolith.sqlite3"},
            "/categories",
        )
        api = server(
            "catalog API",
            [str(BIN / "uvicorn"), "decoupled.backend.main:app", "--port", "PORT", *QUIET],
            {"DATABASE_URL": f"sqlite:///{folder}/api.sqlite3"},
            "/healthz",
        )
        with monolith as monolith_url, api as api_url:
            results = {
                "monolith (HTML page)": measure(monolith_url, "/", count),
                "catalog API (JSON)": measure(api_url, "/api/v1/courses", count),
            }
    print(f"\nSearch: {count} sequential requests per column, after 20 warm-up\n")
    print(f"{'':<28}" + "".join(f"{name:>24}" for name in results))
    labels = {"p50": "latency p50", "p95": "latency p95", "size": "response body (mean)"}
    for key, label in labels.items():
        print(f"{label:<28}" + "".join(f"{row[key]:>24}" for row in results.values()))


if __name__ == "__main__":
    main()
