"""`make bench-ml`: how fast is the ML service? Training, loading and answering, both models.

What this teaches: measure where a user feels it. For each model this trains it, loads its
artifacts (hash checks included), then starts the real service (uvicorn in a subprocess, on
a free port), warms it up and sends sequential HTTP requests, timing each one from the
client's side. Percentiles say more than an average: p95 is the wait of the unluckiest one
request in twenty. The artifacts go to a temporary folder; `var/models` is left alone.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from decoupled.ml.config import Settings
from decoupled.ml.evaluate import load_queries
from decoupled.ml.models import MODELS, load_model
from decoupled.ml.train import train
from tests.support.environment import clean_environment
from tests.support.ports import free_port
from tests.support.processes import running


def median_seconds(action: Callable[[], object], repeats: int = 5) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


@contextmanager
def service(model: str, model_dir: Path) -> Iterator[tuple[str, float]]:
    """The ML service serving `model`, its base URL, and seconds until it answered."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "decoupled.ml.main:app", "--port", str(port)]
    command += ["--log-level", "warning"]
    env = clean_environment(MODEL=model, MODEL_DIR=str(model_dir))
    url = f"http://127.0.0.1:{port}"
    log = model_dir / f"{model}-service.log"  # shown if it does not start
    started = time.perf_counter()
    with running(f"the {model} service", command, env, log, f"{url}/healthz"):
        yield url, time.perf_counter() - started


def latencies(send: Callable[[int], requests.Response], count: int, budget: float) -> list[float]:
    """Seconds taken by each of `count` sequential requests (fewer if `budget` runs out)."""
    timings: list[float] = []
    deadline = time.perf_counter() + budget
    for i in range(count):
        started = time.perf_counter()
        send(i).raise_for_status()
        timings.append(time.perf_counter() - started)
        if started > deadline:
            break
    return timings


def percentiles(timings: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return cuts[49], cuts[94]


def measure(model: str, model_dir: Path, requests_per_row: int) -> dict[str, str]:
    settings = Settings()
    courses = json.loads(settings.data_file.read_text(encoding="utf-8"))
    queries = load_queries(settings.queries_file)
    slugs = [course["slug"] for course in courses]
    row = {
        "training (fit)": median_seconds(lambda: MODELS[model].fit(courses)),
        "model load (hash check + decode)": median_seconds(lambda: load_model(model_dir, model)),
    }
    with service(model, model_dir) as (url, startup), requests.Session() as http:
        row["service start-up to /healthz"] = startup

        def recommend(i: int) -> requests.Response:
            query = queries[i % len(queries)]
            body = {"interests": query.interests, "level": query.level, "k": 5}
            return http.post(f"{url}/v1/recommendations", json=body, timeout=10)

        def similar(i: int) -> requests.Response:
            return http.get(f"{url}/v1/courses/{slugs[i % len(slugs)]}/similar", timeout=10)

        latencies(recommend, 20, budget=30)  # warm-up: connections, caches, lazy imports
        for name, send in (("recommendation", recommend), ("similar courses", similar)):
            row[f"{name} p50"], row[f"{name} p95"] = percentiles(
                latencies(send, requests_per_row, budget=60)
            )
    return {label: f"{seconds * 1000:.1f} ms" for label, seconds in row.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="per latency row (default 300)")
    count = max(parser.parse_args().requests, 2)
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="coursehub-bench-ml-") as folder:
        train(settings.data_file, settings.queries_file, Path(folder))
        results = {name: measure(name, Path(folder), count) for name in MODELS}
    print(f"\nML service, {count} sequential HTTP requests per latency row, after 20 warm-up\n")
    print(f"{'':<34}" + "".join(f"{name:>12}" for name in results))
    for label in next(iter(results.values())):
        print(f"{label:<34}" + "".join(f"{row[label]:>12}" for row in results.values()))


if __name__ == "__main__":
    main()
