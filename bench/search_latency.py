"""`make bench`: both architectures side by side, in one run: one search, and one page view.

What this teaches: what the split into separate programs costs, measured rather than guessed,
and where. Three scenarios, each in both architectures:

1. One search, "ai agents": the monolith's HTML page (`GET /?q=ai+agents`) against the
   catalog API's JSON (`GET <prefix>/courses?q=ai+agents`), each over a connection kept open.
2. A whole page view, first visit (empty cache), as a browser pays for it (see browser.py):
   the monolith's page and its stylesheet; the decoupled frontend's page, its stylesheet,
   config.js and every JavaScript module, then the API calls the search page makes.
3. The same page view again, with the browser's cache warm: files with a validator are asked
   for conditionally (answered `304 Not Modified`), the rest downloaded again.

All three programs run as real servers (waitress, uvicorn and the frontend's static server,
in subprocesses, on free ports, the two databases fresh in a temporary folder), all at the
same time. The two architectures take turns, request for request, and the order flips every
round, so whatever else the machine is doing falls on both alike. Figures vary from machine
to machine: compare the rows of one run, not runs.
"""

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import requests
from rich.console import Console
from rich.table import Table

from bench.browser import Browser, Cache, Fetch, Visit, received_bytes
from bench.ml_latency import free_port, percentiles

REPO_ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FRONTEND = REPO_ROOT / "decoupled" / "frontend"

QUIET = ["--log-level", "warning"]
QUERY = "q=ai+agents"  # the search, as both addresses spell it
WARM_UP_ROUNDS = 10
BUDGET_SECONDS = 60  # the rounds stop early after this, so `make bench` stays short
ML_URL = "http://127.0.0.1:8001"  # the search page never calls it on loading; config.js names it

# What js/search.js asks the API for as the page loads (showResults and fillCategories): for
# each function of api.js it imports, the path under the API's prefix that function requests.
SEARCH_PAGE_CALLS = {"searchCourses": f"/courses?{QUERY}", "getCategories": "/categories"}
# The headers the frontend's fetch sends (api.js), and the Origin the browser adds. Such a GET
# is a "simple" cross-origin request: no preflight.
FETCH_HEADERS = {"Accept": "application/json, application/problem+json"}


def api_prefix() -> str:
    """The API version the frontend calls ("/api/v1"), read from its js/api.js."""
    code = (FRONTEND / "js" / "api.js").read_text(encoding="utf-8")
    code = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith("//"))
    # Written into the address (`${API_URL}/api/v2${path}`) or as a constant
    # (`API_VERSION = "/api/v2"`): the one "/api/vN" left once comments are dropped.
    found = sorted(set(re.findall(r"\$\{API_URL\}(/api/v\d+)", code)))
    found = found or sorted(set(re.findall(r"/api/v\d+", code)))
    if len(found) != 1:
        sys.exit(f"Cannot tell which API version js/api.js calls (found {found}): update me")
    return found[0]


def search_page_calls(api: str, prefix: str) -> tuple[str, ...]:
    """The API addresses the search page fetches as it loads, checked against js/search.js."""
    code = (FRONTEND / "js" / "search.js").read_text(encoding="utf-8")
    imported = re.search(r'import\s*\{([^}]*)\}\s*from\s*"\./api\.js"', code)
    names = set(re.findall(r"\w+", imported.group(1))) if imported else set()
    if names != set(SEARCH_PAGE_CALLS):
        sys.exit(f"js/search.js now imports {sorted(names)} from api.js: update SEARCH_PAGE_CALLS")
    return tuple(f"{api}{prefix}{path}" for path in SEARCH_PAGE_CALLS.values())


@contextmanager
def server(name: str, command: list[str], env: dict[str, str], url: str) -> Iterator[None]:
    """Start one program; return once `url` answers, stop it afterwards."""
    process = subprocess.Popen(  # noqa: S603 (a fixed command of ours)
        command,
        cwd=REPO_ROOT,
        # No public rate limits: a benchmark is one address sending thousands of requests.
        env=os.environ | {"SEARCH_RATE_LIMIT": "", "ENROLLMENT_RATE_LIMIT": ""} | env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the {name} did not start")
            try:
                if requests.get(url, timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.05)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def one_request(http: requests.Session, url: str) -> Visit:
    started = time.perf_counter()
    response = http.get(url, timeout=10)
    response.raise_for_status()
    fetch = Fetch(url, response.status_code, received_bytes(response))
    return Visit(time.perf_counter() - started, [fetch])


def describe(visit: Visit, api: str = "") -> str:
    """What one visit asked for, such as "1 downloaded, 8 answered 304, 2 API calls"."""
    calls = [f for f in visit.fetches if api and f.url.startswith(api)]
    files = [f for f in visit.fetches if f not in calls]
    parts = [f"{sum(f.status == 200 for f in files)} downloaded"]
    if not_modified := sum(f.status == 304 for f in files):
        parts.append(f"{not_modified} answered 304")
    if calls:
        parts.append(f"{len(calls)} API calls")
    return ", ".join(parts)


def machine() -> str:
    one, five, fifteen = os.getloadavg()
    return (
        f"{os.cpu_count()} cores, load average {one:.2f} {five:.2f} {fifteen:.2f} "
        f"(1, 5, 15 min); {platform.system()}, Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=150, help="rounds; each times every row once (default 150)"
    )
    rounds = max(parser.parse_args().rounds, 2)
    console = Console(width=max(Console().width, 100))
    console.print(f"\nMachine: {machine()}")

    prefix = api_prefix()
    ports = {name: free_port() for name in ("monolith", "api", "frontend")}
    monolith, api, frontend = (f"http://127.0.0.1:{port}" for port in ports.values())
    api_calls = search_page_calls(api, prefix)
    with tempfile.TemporaryDirectory(prefix="coursehub-bench-") as folder, ExitStack() as stack:
        stack.enter_context(
            server(
                "monolith",
                [sys.executable, "-m", "monolith"],  # waitress, as `make monolith` runs it
                {
                    "MONOLITH_PORT": str(ports["monolith"]),
                    "MONOLITH_DATABASE": f"{folder}/monolith.sqlite3",
                },
                f"{monolith}/categories",
            )
        )
        api_cmd = [str(BIN / "uvicorn"), "decoupled.backend.main:app", "--port", str(ports["api"])]
        stack.enter_context(
            server(
                "catalog API",
                [*api_cmd, *QUIET],
                {"DATABASE_URL": f"sqlite:///{folder}/api.sqlite3", "CORS_ORIGINS": frontend},
                f"{api}/healthz",
            )
        )
        stack.enter_context(
            server(
                "frontend",
                [sys.executable, "-m", "decoupled.frontend"],
                {"FRONTEND_PORT": str(ports["frontend"]), "API_URL": api, "ML_URL": ML_URL},
                f"{frontend}/index.html",
            )
        )
        browser = Browser()
        stack.callback(browser.close)
        monolith_http = stack.enter_context(requests.Session())
        api_http = stack.enter_context(requests.Session())
        api_headers = FETCH_HEADERS | {"Origin": frontend}
        monolith_page, frontend_page = f"{monolith}/?{QUERY}", f"{frontend}/?{QUERY}"
        api_search = f"{api}{prefix}/courses?{QUERY}"
        monolith_cache, frontend_cache = Cache(), Cache()  # filled by the first warm-up round

        def frontend_visit(cache: Cache) -> Visit:
            return browser.visit(frontend_page, cache, api_calls=api_calls, api_headers=api_headers)

        # (scenario, row, what one measurement does), monolith first in each pair.
        rows: list[tuple[str, str, Callable[[], Visit]]] = [
            ("search", "monolith", lambda: one_request(monolith_http, monolith_page)),
            ("search", "decoupled", lambda: one_request(api_http, api_search)),
            ("first", "monolith", lambda: browser.visit(monolith_page, Cache())),
            ("first", "decoupled", lambda: frontend_visit(Cache())),
            ("repeat", "monolith", lambda: browser.visit(monolith_page, monolith_cache)),
            ("repeat", "decoupled", lambda: frontend_visit(frontend_cache)),
        ]
        visits: dict[tuple[str, str], list[Visit]] = {(s, r): [] for s, r, _ in rows}
        for _ in range(WARM_UP_ROUNDS):
            for _, _, measure in rows:
                measure()
        deadline = time.monotonic() + BUDGET_SECONDS
        done = 0
        while done < rounds and time.monotonic() < deadline:
            for i in range(0, len(rows), 2):
                pair = rows[i : i + 2]
                if done % 2:  # every other round, the decoupled side goes first
                    pair = pair[::-1]
                for scenario, row, measure in pair:
                    visits[scenario, row].append(measure())
            done += 1

    show(console, visits, done, api, prefix)
    console.print(f"Machine after the run: {machine()}\n")


def show(
    console: Console, visits: dict[tuple[str, str], list[Visit]], rounds: int, api: str, prefix: str
) -> None:
    """One table: a section per scenario, a row per architecture, then their ratio."""
    first = visits["first", "decoupled"][-1]
    files = ["/" + f.url.split("/", 3)[3] for f in first.fetches if not f.url.startswith(api)]
    calls = [f.url.removeprefix(api) for f in first.fetches if f.url.startswith(api)]
    table = Table(
        title=f"Both architectures side by side: {rounds} rounds, taking turns, "
        f"after {WARM_UP_ROUNDS} warm-up rounds",
    )
    table.add_column("scenario and architecture")
    for name in ("requests", "bytes", "p50", "p95"):
        table.add_column(name, justify="right")
    scenarios = {
        "search": "One search, “ai agents”, on a connection already open",
        "first": "Page view, first visit (empty cache)",
        "repeat": "Page view, repeat visit (cache warm)",
    }
    for scenario, title in scenarios.items():
        figures = {}
        table.add_row(f"[bold]{title}[/bold]")
        for row in ("monolith", "decoupled"):
            runs = visits[scenario, row]
            p50, p95 = percentiles([visit.seconds for visit in runs])
            last = runs[-1]
            figures[row] = (last.requests, last.bytes, p50, p95)
            if scenario != "search":
                label = f"{row}: {describe(last, api)}"
            elif row == "monolith":
                label = f"monolith: GET /?{QUERY}, HTML"
            else:
                label = f"catalog API: GET {prefix}/courses?{QUERY}, JSON"
            table.add_row(
                f"  {label}",
                str(last.requests),
                f"{last.bytes:,}",
                f"{p50 * 1000:.1f} ms",
                f"{p95 * 1000:.1f} ms",
            )
        ratios = [d / m for d, m in zip(figures["decoupled"], figures["monolith"], strict=True)]
        table.add_row("  decoupled ÷ monolith", *(f"{r:.2f}×" for r in ratios), end_section=True)
    console.print()
    console.print(table)
    console.print(
        "bytes: received, headers included. p50, p95: the median and the 95th percentile of the "
        "time from the first request to the last answer. Not included: the browser's own work "
        "(parsing, running JavaScript, drawing).\n"
        f"The decoupled page view fetched {', '.join(files)}; then, from the catalog API, "
        f"{' and '.join(calls)} (read from js/search.js and js/api.js)."
    )


if __name__ == "__main__":
    main()
