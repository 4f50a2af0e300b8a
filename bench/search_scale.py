"""Search at scale: both twins on generated catalogs of 1,000, 10,000 and 100,000 courses.

What this teaches: a query that is instant on 256 rows can be the slowest thing in the shop at
100,000. For each size this writes the catalog (`bench/catalog.py`, kept in `var/`), starts the
monolith (waitress) and the catalog API (uvicorn) on it, each on a fresh database, and reports:

* the first start: seconds from launching the server to its first answer (creating the
  database and loading the catalog into it happen in between);
* a search, "ai agents", and the home page (no words: the whole catalog, best first), each
  over a connection kept open, the two twins taking turns: the median (p50) and the 95th
  percentile (p95) of the time to the full answer, measured from this client over HTTP.

    .venv/bin/python -m bench.search_scale                     # 1000 10000 100000
    .venv/bin/python -m bench.search_scale --sizes 100000 --rounds 50

Figures are a property of the machine and the moment: compare rows of one run, and run the
bare-framework yardstick in the same minute if you want a ratio.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import requests

from bench.catalog import REPO_ROOT, write_catalog
from bench.ml_latency import free_port, percentiles
from bench.search_latency import QUIET

BIN = Path(sys.executable).parent
BUDGET_SECONDS = 90  # per size, for the timed rounds
PAGES = {
    "search": ("/?q=ai+agents", "/api/v2/courses?q=ai+agents"),
    "home page": ("/", "/api/v2/courses"),
}


@contextmanager
def server(command: list[str], env: dict[str, str], url: str, cwd: Path) -> Iterator[None]:
    """Start one program from `cwd`; return once `url` answers (up to 10 minutes)."""
    # No public rate limits: a benchmark is one address sending thousands of requests.
    limits = {"SEARCH_RATE_LIMIT": "", "ENROLLMENT_RATE_LIMIT": ""}
    process = subprocess.Popen(  # noqa: S603 (a fixed command of ours)
        command,
        cwd=cwd,
        env=os.environ | limits | env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{command} did not start")
            try:
                if requests.get(url, timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.05)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def catalog_file(size: int) -> Path:
    path = REPO_ROOT / "var" / f"catalog-{size}.json"
    return path if path.exists() else write_catalog(size, path)


def timed(http: requests.Session, url: str) -> float:
    started = time.perf_counter()
    response = http.get(url, timeout=120)
    response.raise_for_status()
    return time.perf_counter() - started


def measure(size: int, rounds: int, code: Path) -> list[tuple[str, str, str]]:
    data_file = str(catalog_file(size))
    ports = {"monolith": free_port(), "api": free_port()}
    bases = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    rows = []
    with tempfile.TemporaryDirectory(prefix="coursehub-scale-") as folder, ExitStack() as stack:
        environment = {"DATA_FILE": data_file}
        commands = {
            "monolith": (
                [sys.executable, "-m", "monolith"],
                environment
                | {
                    "MONOLITH_PORT": str(ports["monolith"]),
                    "MONOLITH_DATABASE": f"{folder}/monolith.sqlite3",
                },
                f"{bases['monolith']}/categories",
            ),
            "api": (
                [str(BIN / "uvicorn"), "decoupled.backend.main:app", "--port", str(ports["api"])]
                + QUIET,
                environment | {"DATABASE_URL": f"sqlite:///{folder}/api.sqlite3"},
                f"{bases['api']}/healthz",
            ),
        }
        for name, (command, env, ready) in commands.items():
            started = time.perf_counter()
            stack.enter_context(server(command, env, ready, code))
            rows.append((f"{name}: first start", f"{time.perf_counter() - started:.1f} s", ""))
        sessions = {name: stack.enter_context(requests.Session()) for name in ports}
        measures: list[tuple[str, Callable[[], float]]] = []
        for page, paths in PAGES.items():
            for name, path in zip(ports, paths, strict=True):
                url = bases[name] + path
                measures.append((f"{name}: {page}", lambda s=sessions[name], u=url: timed(s, u)))
        timings: dict[str, list[float]] = {label: [] for label, _ in measures}
        for _, measure_one in measures * 3:  # warm-up: connections, caches, lazy imports
            measure_one()
        deadline = time.monotonic() + BUDGET_SECONDS
        for done in range(rounds):
            order = measures if done % 2 == 0 else measures[::-1]
            for label, measure_one in order:
                timings[label].append(measure_one())
            if time.monotonic() > deadline and done >= 1:
                break
        for label, seconds in timings.items():
            p50, p95 = percentiles(seconds)
            rows.append((label, f"{p50 * 1000:.1f} ms", f"{p95 * 1000:.1f} ms"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--rounds", type=int, default=100, help="per size (default 100)")
    parser.add_argument(
        "--code", type=Path, default=REPO_ROOT, help="the checkout whose servers to start"
    )
    args = parser.parse_args()
    load = " ".join(f"{n:.2f}" for n in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average {load}; servers from {args.code}")
    for size in args.sizes:
        print(f"\n{size:,} courses" + " " * 24 + f"{'p50':>12}{'p95':>12}")
        for label, p50, p95 in measure(size, max(args.rounds, 2), args.code.resolve()):
            print(f"  {label:<34}{p50:>12}{p95:>12}", flush=True)


if __name__ == "__main__":
    main()
