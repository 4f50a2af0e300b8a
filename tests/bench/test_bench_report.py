"""What `make bench` and `make bench-scale` show: the order they measure in, and their tables."""

from pathlib import Path

from bench.architectures import schedule
from bench.figures import Figures, merge
from bench.load import Chunk, Request
from bench.report import Run, write_bench
from bench.scale import Size
from bench.scale_report import Run as ScaleRun
from bench.scale_report import write as write_scale

WORKLOADS = {
    "search": {
        "monolith": {"http://127.0.0.1:5050": [Request("GET", "/?q=ai+agents", 200)]},
        "decoupled": {
            "http://127.0.0.1:8000": [Request("GET", "/api/v2/courses?q=ai+agents", 200)]
        },
    },
    "page view": {
        "monolith": {
            "http://127.0.0.1:5050": [Request("GET", "/", 200), Request("GET", "/s.css", 304)]
        },
        "decoupled": {
            "http://127.0.0.1:3000": [Request("GET", "/", 304), Request("GET", "/config.js", 200)],
            "http://127.0.0.1:8000": [Request("GET", "/api/v2/categories", 200)],
        },
    },
}
RUN = Run(["2 cores, a test"], "0.10", "0.20", 61.0, 2, 4, 8)


def figures(per_second: float, p50: float) -> Figures:
    return Figures(per_second, p50, p50 * 2, p50 * 3, 1, 1000, 0.1, [per_second, per_second * 1.1])


def test_the_architectures_take_turns_and_the_order_flips_every_round() -> None:
    steps = schedule(WORKLOADS, [1, 8], rounds=2)
    warm_up = [s for s in steps if s.round == 0]
    assert len(warm_up) == 5  # every list once, before anything is measured
    for number, first in ((1, "monolith"), (2, "decoupled")):
        measured = [s for s in steps if s.round == number]
        assert len(measured) == 2 * 5  # each list at each concurrency, once
        for scenario in WORKLOADS:
            for connections in (1, 8):
                order = [
                    s.architecture
                    for s in measured
                    if s.scenario == scenario and s.connections == connections
                ]
                assert order[0] == first
                assert order == sorted(order, key=lambda a: a != first)  # one side, then the other
    labels = [step.label for step in steps]
    assert len(set(labels)) == len(labels)  # so no two enrollments share an email


def test_the_bench_table_has_a_row_per_scenario_and_concurrency(tmp_path: Path) -> None:
    results = {}
    for scenario in WORKLOADS:
        for c in (1, 8, 32):
            results[scenario, "monolith", c] = figures(100 * c, 10.0)
            results[scenario, "decoupled", c] = figures(150 * c, 5.0)

    written = write_bench(tmp_path, results, WORKLOADS, RUN)

    assert [path.name for path in written] == ["bench.md", "bench.png"]
    text = (tmp_path / "bench.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[0] == "| scenario | at once | per second | p50 | p95 | p99 |"
    assert len(rows) == 1 + 2 * 3
    assert rows[1] == (
        "| search (req/s) | 1 | 100 · 150 · 1.50× | 10.0 · 5.00 · 0.50× "
        "| 20.0 · 10.0 · 0.50× | 30.0 · 15.0 · 0.50× |"
    )
    assert rows[6].startswith("| page view (views/s) | 32 | 3,200 · 4,800 · 1.50× |")
    assert "monolith 2 requests: 1 answered 200, 1 answered 304" in text
    assert "decoupled 3 requests: 2 answered 200, 1 answered 304" in text
    assert "2 cores, a test" in text and "1.0 minutes" in text
    assert "The most: search at 1, monolith: 100, 110" in text  # the noisiest cells, named
    assert (tmp_path / "bench.png").read_bytes().startswith(b"\x89PNG")


def scale_figures(p50: float) -> object:
    return merge([Chunk(100, 1.0, 100_000, {0: [p50] * 100})])


def test_the_scale_table_names_the_catalog_api_against_the_bare_yardstick(tmp_path: Path) -> None:
    sizes = []
    for courses, slower in ((1000, 1), (10_000, 2)):
        size = Size(courses, training=3.0, same_courses=True)
        size.starts = {"monolith": 2, "catalog API": 3, "bare FastAPI": 1, "ML service": 4}
        for page in ("search", "home page"):
            size.figures["monolith", page] = scale_figures(8.0 * slower)
            size.figures["catalog API", page] = scale_figures(6.0 * slower)
            size.figures["catalog API, sort=rating", page] = scale_figures(5.0 * slower)
            size.figures["bare FastAPI", page] = scale_figures(2.0)
        size.figures["ML service", "recommendations"] = scale_figures(3.0)
        size.figures["ML service", "similar courses"] = scale_figures(2.0)
        sizes.append(size)

    write_scale(tmp_path, sizes, ScaleRun(["2 cores"], "0.1", "0.2", 300.0, 2, 3))

    text = (tmp_path / "bench-scale.md").read_text(encoding="utf-8")
    assert (
        "| 1,000 | search | 8.00 (8.00) | 6.00 (6.00) | 0.75× | 5.00 (5.00) | 2.00 (2.00) | 2.50× |"
    ) in text
    assert "| 10,000 | home page | 16.0 (16.0) | 12.0 (12.0) | 0.75× | 10.0 (10.0) |" in text
    assert "| 10,000 | 3.00 (3.00) | 2.00 (2.00) | 3.0 | 2.0 · 3.0 · 1.0 · 4.0 |" in text
    assert "the same 12 courses in the same order" in text
    assert (tmp_path / "bench-scale.png").read_bytes().startswith(b"\x89PNG")
