"""`make bench-scale`: search and recommendations at 1,000, 10,000 and 100,000 courses.

What this teaches: a query that is instant on 256 rows can be the slowest thing in the shop at
100,000, and a ratio needs a yardstick. For each size, on a catalog made by bench/catalog.py
(kept in var/), this trains the recommenders as `make train` does (into a temporary folder),
starts each server on a fresh database (timing its first start: creating the database and
loading the catalog, or the model, are in it), and measures with wrk, one connection, the
cells taking turns chunk by chunk (bench/load.py), the order flipping every round:

* a search, "ai agents", and the home page (no words: the whole catalog, best first), in the
  monolith and the catalog API (each in its default order, relevance), in the catalog API
  with `sort=rating`, and in bench/bare_api.py, the bare FastAPI yardstick that sorts so: the
  same kind of index, the same order, the same 12 courses (checked), none of the rest. "API ÷
  bare" is the price of the ORM, validation, the total and the middleware;
* the ML service (the content model): recommendations for the interest queries of
  data/interest-queries.json, and similar courses for twenty courses spread over the catalog.

    make bench-scale                                          # about six minutes
    .venv/bin/python -m bench.scale --sizes 1000 --seconds 1 --rounds 1

It writes bench/results/bench-scale.md and bench-scale.png.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import requests
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from bench import machine, scale_report
from bench.catalog import REPO_ROOT, write_catalog
from bench.figures import Merged, merge
from bench.load import Chunk, Request, require_wrk, run_wrk
from bench.servers import environment, free_ports, server, uvicorn

SIZES = (1000, 10_000, 100_000)
QUERY = "q=ai+agents"
WEB = {  # row -> the server it asks, and the home page's path there
    "monolith": ("monolith", "/"),
    "catalog API": ("catalog API", "/api/v2/courses"),
    "catalog API, sort=rating": ("catalog API", "/api/v2/courses?sort=rating"),
    "bare FastAPI": ("bare FastAPI", "/courses"),
}


@dataclass(frozen=True)
class Cell:
    server: str
    row: str
    page: str  # "search", "home page", "recommendations", "similar courses"
    requests: list[Request]


@dataclass
class Size:
    """What one catalog size measured."""

    courses: int
    training: float = 0.0  # seconds
    starts: dict[str, float] = field(default_factory=dict)  # server -> seconds to answer
    same_courses: bool = False  # bare FastAPI and catalog API, sort=rating
    figures: dict[tuple[str, str], Merged] = field(default_factory=dict)  # (row, page)


def catalog_file(size: int, folder: Path) -> Path:
    """`make catalog SIZE=<size>`'s file, written first if it is not there yet."""
    path = folder / f"catalog-{size}.json"
    return path if path.exists() else write_catalog(size, path)


def searched(path: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{QUERY}"


def cells(data_file: Path) -> list[Cell]:
    found = []
    for row, (name, home) in WEB.items():
        found.append(Cell(name, row, "search", [Request("GET", searched(home), 200)]))
        found.append(Cell(name, row, "home page", [Request("GET", home, 200)]))
    queries = json.loads((REPO_ROOT / "data" / "interest-queries.json").read_text("utf-8"))
    asked = [
        json.dumps({"interests": query["interests"], "level": query["level"], "k": 5})
        for query in queries["queries"]
    ]
    json_type = {"Content-Type": "application/json"}
    recommend = [Request("POST", "/v1/recommendations", 200, json_type, body) for body in asked]
    courses = json.loads(data_file.read_text("utf-8"))
    spread = [courses[i * len(courses) // 20]["slug"] for i in range(20)]
    similar = [Request("GET", f"/v1/courses/{slug}/similar", 200) for slug in spread]
    found.append(Cell("ML service", "ML service", "recommendations", recommend))
    found.append(Cell("ML service", "ML service", "similar courses", similar))
    return found


def train(data_file: Path, model_dir: Path) -> float:
    """Seconds `make train` takes on this catalog (both models, and their evaluation)."""
    started = time.perf_counter()
    settings = {"DATA_FILE": str(data_file), "MODEL_DIR": str(model_dir)}
    command = [sys.executable, "-m", "decoupled.ml.train"]
    env = environment(settings)
    subprocess.run(command, cwd=REPO_ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    return time.perf_counter() - started


def servers(folder: str, data_file: Path) -> dict[str, tuple[list[str], dict[str, str], str]]:
    """name -> command, settings, the address that answers once it is ready."""
    ports = free_ports(("monolith", "catalog API", "bare FastAPI", "ML"))
    data = {"DATA_FILE": str(data_file)}
    models = f"{folder}/models"
    return {
        "monolith": (
            [sys.executable, "-m", "monolith"],
            data
            | {
                "MONOLITH_PORT": str(ports["monolith"]),
                "MONOLITH_DATABASE": f"{folder}/monolith.sqlite3",
                "MONOLITH_MODEL_DIR": models,
            },
            f"http://127.0.0.1:{ports['monolith']}/categories",
        ),
        "catalog API": (
            uvicorn("decoupled.backend.main:app", ports["catalog API"]),
            data | {"DATABASE_URL": f"sqlite:///{folder}/api.sqlite3"},
            f"http://127.0.0.1:{ports['catalog API']}/healthz",
        ),
        "bare FastAPI": (
            uvicorn("bench.bare_api:app", ports["bare FastAPI"]),
            data | {"BARE_DATABASE": f"{folder}/bare.sqlite3"},
            f"http://127.0.0.1:{ports['bare FastAPI']}/courses",
        ),
        "ML service": (
            uvicorn("decoupled.ml.main:app", ports["ML"]),
            {"MODEL_DIR": models, "MODEL": "content"},
            f"http://127.0.0.1:{ports['ML']}/healthz",
        ),
    }


def same_courses(bases: dict[str, str]) -> bool:
    """Do the yardstick and the catalog API with sort=rating list the same 12 courses, in the
    same order, for the search and for the home page?"""
    for page in (lambda home: home, searched):
        listed = []
        for row in ("catalog API, sort=rating", "bare FastAPI"):
            name, home = WEB[row]
            answer = requests.get(bases[name] + page(home), timeout=60).json()
            listed.append([item["slug"] for item in answer["items"]])
        if listed[0] != listed[1]:
            return False
    return True


def measure(size: int, seconds: int, rounds: int, catalogs: Path, progress: Progress) -> Size:
    result = Size(size)
    task = progress.add_task(f"{size:,} courses: the catalog", total=None)
    data_file = catalog_file(size, catalogs)
    with tempfile.TemporaryDirectory(prefix="coursehub-scale-") as folder, ExitStack() as stack:
        progress.update(task, description=f"{size:,} courses: training (make train)")
        result.training = train(data_file, Path(folder) / "models")
        bases = {}
        for name, (command, settings, ready) in servers(folder, data_file).items():
            progress.update(task, description=f"{size:,} courses: starting the {name}")
            result.starts[name] = stack.enter_context(server(name, command, settings, ready))
            bases[name] = ready.rsplit("/", 1)[0]
        result.same_courses = same_courses(bases)
        measured = cells(data_file)
        steps = [(0, cell) for cell in measured]  # the warm-up: every cell, one second
        for number in range(1, rounds + 1):
            steps += [(number, cell) for cell in (measured if number % 2 else measured[::-1])]
        progress.update(task, total=len(steps), completed=0)
        chunks: dict[tuple[str, str], list[Chunk]] = {}
        for number, cell in steps:
            what = "warming up" if number == 0 else f"round {number}/{rounds}"
            progress.update(task, description=f"{size:,} courses, {what}: {cell.row}, {cell.page}")
            label = f"s{size}-r{number}-{cell.row}-{cell.page}".replace(" ", "-")
            duration = 1 if number == 0 else seconds
            chunk = run_wrk(bases[cell.server], cell.requests, 1, duration, label)
            if number:
                chunks.setdefault((cell.row, cell.page), []).append(chunk)
            progress.advance(task)
    result.figures = {key: merge(found) for key, found in chunks.items()}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--seconds", type=int, default=2, help="per chunk (default 2)")
    parser.add_argument("--rounds", type=int, default=3, help="chunks per cell (default 3)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    parser.add_argument("--catalogs", type=Path, default=REPO_ROOT / "var", help="default var/")
    args = parser.parse_args()
    wrk = require_wrk()
    started = time.monotonic()
    console = Console()
    about = machine.describe(wrk)
    load_before = machine.load_average()
    console.print(*about, f"Load average before: {load_before}", sep="\n")
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console) as progress:
        sizes = [
            measure(size, args.seconds, args.rounds, args.catalogs, progress) for size in args.sizes
        ]
    run = scale_report.Run(
        about,
        load_before,
        machine.load_average(),
        time.monotonic() - started,
        args.seconds,
        args.rounds,
    )
    scale_report.show(console, sizes, run)
    written = scale_report.write(args.out, sizes, run)
    console.print(f"Wrote {', '.join(str(path) for path in written)}")


if __name__ == "__main__":
    main()
