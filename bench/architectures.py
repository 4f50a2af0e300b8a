"""`make bench`: the monolith and the decoupled architecture side by side, under wrk.

What this teaches: what the split into separate programs costs, measured rather than guessed,
and where. Four scenarios (bench/scenarios.py: a search, a course, an enrollment, a whole page
view), each at 1, 8 and 32 connections at once, in both architectures.

All three programs run at once, as real servers (bench/servers.py): the monolith under
waitress, the catalog API under uvicorn, the frontend's static server; one process each, the
monolith's 8 threads matched by the API's (bench/threads.py). After a warm-up (every list,
one second), the chunks (bench/load.py) take turns: for each scenario and concurrency, a few
seconds of the monolith, then a few of the decoupled side, and the next round the other way
round, so whatever else the machine does falls on both alike. bench/figures.py pools them.

    make bench                                       # about four minutes
    .venv/bin/python -m bench.architectures --seconds 1 --rounds 2 --scenarios search

It prints a table, and writes it with a chart to bench/results/ (bench.md, bench.png).
Figures vary from machine to machine: compare the rows of one run, not runs.
"""

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bench import machine, report, scenarios
from bench.figures import combine, merge
from bench.load import Chunk, Request, require_wrk, run_wrk
from bench.servers import free_ports, server, uvicorn
from monolith.__main__ import THREADS

CONCURRENCIES = (1, 8, 32)
RESULTS = Path(__file__).resolve().parent / "results"
Key = tuple[str, str, int]  # scenario, architecture, concurrency


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=2, help="per chunk (default 2)")
    parser.add_argument("--rounds", type=int, default=4, help="chunks per cell (default 4)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=list(CONCURRENCIES))
    parser.add_argument(
        "--scenarios", nargs="+", choices=scenarios.SCENARIOS, default=list(scenarios.SCENARIOS)
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="default bench/results/")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    wrk = require_wrk()
    started = time.monotonic()
    console = Console()
    about = machine.describe(wrk)
    load_before = machine.load_average()
    console.print(*about, f"Load average before: {load_before}", sep="\n")
    with tempfile.TemporaryDirectory(prefix="coursehub-bench-") as folder, ExitStack() as stack:
        monolith, api, frontend = start_servers(stack, folder)
        workloads = {
            name: work
            for name, work in scenarios.build(monolith, api, frontend).items()
            if name in args.scenarios
        }
        steps = schedule(workloads, args.concurrency, args.rounds)
        chunks = measure(console, steps, args.seconds, args.rounds)
    figures = {key: combine([merge(c) for c in parts.values()]) for key, parts in chunks.items()}
    run = report.Run(
        machine=about,
        load_before=load_before,
        load_after=machine.load_average(),
        seconds=time.monotonic() - started,
        chunk_seconds=args.seconds,
        rounds=args.rounds,
        threads=THREADS,
    )
    report.print_bench(console, figures, workloads, run)
    written = report.write_bench(args.out, figures, workloads, run)
    console.print(f"Wrote {', '.join(str(path) for path in written)}")


def start_servers(stack: ExitStack, folder: str) -> tuple[str, str, str]:
    """The monolith, the catalog API and the frontend, running until `stack` closes: their
    addresses. The frontend calls this API, which lets the frontend's origin call it."""
    ports = free_ports(("monolith", "api", "frontend"))
    monolith, api, frontend = (f"http://127.0.0.1:{port}" for port in ports.values())
    monolith_settings = {
        "MONOLITH_PORT": str(ports["monolith"]),
        "MONOLITH_DATABASE": f"{folder}/monolith.sqlite3",
    }
    api_settings = {
        "DATABASE_URL": f"sqlite:///{folder}/api.sqlite3",
        "CORS_ORIGINS": frontend,
        "BENCH_THREADS": str(THREADS),
    }
    frontend_settings = {
        "FRONTEND_PORT": str(ports["frontend"]),
        "API_URL": api,
        "ML_URL": "http://127.0.0.1:9",  # config.js names it; the search page never calls it
    }
    monolith_command = [sys.executable, "-m", "monolith"]
    api_command = uvicorn("bench.threads:catalog_api", ports["api"])
    frontend_command = [sys.executable, "-m", "decoupled.frontend"]
    for name, command, settings, ready in (
        ("monolith", monolith_command, monolith_settings, f"{monolith}/categories"),
        ("catalog API", api_command, api_settings, f"{api}/healthz"),
        ("frontend", frontend_command, frontend_settings, f"{frontend}/index.html"),
    ):
        stack.enter_context(server(name, command, settings, ready))
    return monolith, api, frontend


@dataclass(frozen=True)
class Step:
    """One chunk of the run: a list of requests, sent to one server, at one concurrency."""

    round: int  # 0 for the warm-up
    scenario: str
    architecture: str
    connections: int
    base: str
    requests: list[Request]

    @property
    def label(self) -> str:
        """Unique to the chunk, so that its enrollments' emails differ from every other's."""
        server = self.base.rsplit(":", 1)[-1]
        where = f"{self.scenario}-{self.connections}-{self.architecture}-{server}"
        return f"r{self.round}-{where}".replace(" ", "-")


def schedule(
    workloads: dict[str, scenarios.Workload], concurrencies: list[int], rounds: int
) -> list[Step]:
    """The chunks in the order they run: a warm-up of every list (8 at once), then the rounds.
    In a round, each scenario and concurrency in turn, the monolith first in odd rounds, the
    decoupled side first in even ones, so whatever else the machine does falls on both alike."""
    steps = [
        Step(0, name, architecture, 8, base, requests)
        for name, work in workloads.items()
        for architecture in scenarios.ARCHITECTURES
        for base, requests in work[architecture].items()
    ]
    for number in range(1, rounds + 1):
        order = scenarios.ARCHITECTURES if number % 2 else scenarios.ARCHITECTURES[::-1]
        steps += [
            Step(number, name, architecture, connections, base, requests)
            for name, work in workloads.items()
            for connections in concurrencies
            for architecture in order
            for base, requests in work[architecture].items()
        ]
    return steps


def measure(
    console: Console, steps: list[Step], seconds: int, rounds: int
) -> dict[Key, dict[str, list[Chunk]]]:
    """Every cell's chunks, per server, with a progress bar; the warm-up's are dropped."""
    chunks: dict[Key, dict[str, list[Chunk]]] = defaultdict(lambda: defaultdict(list))
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeRemainingColumn(), console=console) as progress:
        task = progress.add_task("starting", total=len(steps))
        for step in steps:
            what = "warming up" if step.round == 0 else f"round {step.round}/{rounds}"
            where = f"{step.scenario}, {step.connections} at once, {step.architecture}"
            progress.update(task, description=f"{what}: {where}")
            duration = 1 if step.round == 0 else seconds
            chunk = run_wrk(step.base, step.requests, step.connections, duration, step.label)
            if step.round:
                chunks[step.scenario, step.architecture, step.connections][step.base].append(chunk)
            progress.advance(task)
    return chunks


if __name__ == "__main__":
    main()
