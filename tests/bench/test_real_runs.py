"""Tiny real runs of `make bench` and `make bench-scale`: real servers, real wrk, one second a
chunk, and figures in the files they write. What the figures are is not asserted (machines
differ), only that there are figures, where a reader looks for them."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.load import NO_WRK

REPO_ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason=NO_WRK)
FIGURE = r"[\d,.]+"
CELL = rf"{FIGURE} · {FIGURE} · {FIGURE}×"


def run(module: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", module, "--seconds", "1", "--rounds", "1", *arguments],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def test_a_tiny_bench_measures_both_architectures_and_writes_a_table_and_a_chart(
    tmp_path: Path,
) -> None:
    run(
        "bench.architectures",
        "--concurrency",
        "1",
        "--scenarios",
        "enrollment",
        "page view",
        "--out",
        str(tmp_path),
    )

    text = (tmp_path / "bench.md").read_text(encoding="utf-8")
    for scenario in (r"enrollment \(req/s\)", r"page view \(views/s\)"):
        assert re.search(
            rf"^\| {scenario} \| 1 \| {CELL} \| {CELL} \| {CELL} \| {CELL} \|$", text, re.M
        )
    assert "search (req/s)" not in text
    assert re.search(r"decoupled \d+ requests: \d+ answered 200, \d+ answered 304", text)
    assert "Load average before" in text
    assert (tmp_path / "bench.png").read_bytes().startswith(b"\x89PNG")


def test_a_tiny_bench_scale_compares_the_twins_the_yardstick_and_the_ml_service(
    tmp_path: Path,
) -> None:
    run("bench.scale", "--sizes", "300", "--catalogs", str(tmp_path), "--out", str(tmp_path))

    text = (tmp_path / "bench-scale.md").read_text(encoding="utf-8")
    pair = rf"{FIGURE} \({FIGURE}\)"  # p50 (p95)
    ratio = rf"{FIGURE}×"
    for page in ("search", "home page"):
        row = (
            rf"^\| 300 \| {page} \| {pair} \| {pair} \| {ratio} \| {pair} \| {pair} \| {ratio} \|$"
        )
        assert re.search(row, text, re.M), text
    assert re.search(rf"^\| 300 \| {pair} \| {pair} \| {FIGURE} \|", text, re.M)
    assert "the same 12 courses in the same order" in text  # the yardstick does the same work
    assert (tmp_path / "bench-scale.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "catalog-300.json").exists()  # var/ left alone
