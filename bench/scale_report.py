"""`make bench-scale`'s report: tables in the terminal, bench/results/bench-scale.md and .png.

What this teaches: put the yardstick next to the figure. Each row of the search table says
what the catalog API costs against the monolith, and against the bare FastAPI app doing the
same search: the remaining overhead, named.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markdown import Markdown

from bench.figures import Merged, percentile
from bench.report import markdown_table, number

if TYPE_CHECKING:
    from bench.scale import Size

WEB_ROWS = ("monolith", "catalog API", "catalog API, sort=rating", "bare FastAPI")
STARTED = ("monolith", "catalog API", "bare FastAPI", "ML service")


@dataclass
class Run:
    machine: list[str]
    load_before: str
    load_after: str
    seconds: float
    chunk_seconds: int
    rounds: int


def p50(figures: Merged) -> float:
    pooled = [ms for values in figures.latencies_ms.values() for ms in values]
    return percentile(pooled, 50)


def cell(figures: Merged) -> str:
    """ "p50 (p95)" in milliseconds."""
    pooled = [ms for values in figures.latencies_ms.values() for ms in values]
    return f"{number(percentile(pooled, 50))} ({number(percentile(pooled, 95))})"


def web_table(sizes: "list[Size]") -> list[list[str]]:
    body = []
    for size in sizes:
        for page in ("search", "home page"):
            f = {row: size.figures[row, page] for row in WEB_ROWS}
            api_vs_monolith = p50(f["catalog API"]) / p50(f["monolith"])
            api_vs_bare = p50(f["catalog API, sort=rating"]) / p50(f["bare FastAPI"])
            body.append(
                [f"{size.courses:,}", page, cell(f["monolith"]), cell(f["catalog API"])]
                + [f"{api_vs_monolith:.2f}×", cell(f["catalog API, sort=rating"])]
                + [cell(f["bare FastAPI"]), f"{api_vs_bare:.2f}×"]
            )
    return body


def ml_table(sizes: "list[Size]") -> list[list[str]]:
    return [
        [f"{size.courses:,}"]
        + [
            cell(size.figures["ML service", page])
            for page in ("recommendations", "similar courses")
        ]
        + [f"{size.training:.1f}", " · ".join(f"{size.starts[name]:.1f}" for name in STARTED)]
        for size in sizes
    ]


WEB_HEADERS = (
    "courses",
    "page",
    "monolith",
    "catalog API",
    "API ÷ monolith",
    "catalog API, sort=rating",
    "bare FastAPI",
    "API (sort=rating) ÷ bare",
)
ML_HEADERS = (
    "courses",
    "recommendations",
    "similar courses",
    "make train (s)",
    "first start (s): " + " · ".join(STARTED),
)


def text(sizes: "list[Size]", run: Run) -> list[str]:
    same = all(size.same_courses for size in sizes)
    lines = ["# `make bench-scale`: search and recommendations at scale", ""]
    lines += ["Search “ai agents” and the home page: p50 (p95), ms, one connection.", ""]
    lines += markdown_table(WEB_HEADERS, web_table(sizes))
    lines += ["", "The ML service, content model: p50 (p95), ms, one connection.", ""]
    lines += markdown_table(ML_HEADERS, ml_table(sizes))
    lines += [
        "",
        "Ratios compare p50s. The monolith and the catalog API sort by relevance (their "
        "default); the bare FastAPI app (bench/bare_api.py: raw sqlite3, FTS5, no ORM, no "
        "validation, no total) sorts by rating, so it is compared with the catalog API asked "
        "for `sort=rating`: "
        + (
            "the two listed the same 12 courses in the same order, for each page and size."
            if same
            else "**they did not list the same courses**: the ratio compares different work."
        ),
        "",
        "make train: both models and their evaluation, as `make train` runs it. First start: "
        "from launching the server to its first answer, creating the database and loading "
        "the catalog (the monolith and the ML service: also the model) included.",
        "",
        f"- Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {run.seconds / 60:.1f} minutes: wrk, "
        f"{run.rounds} chunks of {run.chunk_seconds} s per cell, the cells taking turns.",
        *(f"- Machine: {line}" for line in run.machine),
        f"- Load average before: {run.load_before}; after: {run.load_after}.",
    ]
    return lines


def show(console: Console, sizes: "list[Size]", run: Run) -> None:
    console.print(Markdown("\n".join(text(sizes, run))))


def write(folder: Path, sizes: "list[Size]", run: Run) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    table_file, chart_file = folder / "bench-scale.md", folder / "bench-scale.png"
    table_file.write_text("\n".join(text(sizes, run)) + "\n", encoding="utf-8")
    chart(sizes, chart_file)
    return [table_file, chart_file]


def chart(sizes: "list[Size]", path: Path) -> None:
    """p50 against the number of courses, both axes logarithmic: one panel per page."""
    panels = {
        "search “ai agents”": [(row, "search") for row in WEB_ROWS],
        "home page": [(row, "home page") for row in WEB_ROWS],
        "ML service": [("ML service", "recommendations"), ("ML service", "similar courses")],
    }
    courses = [size.courses for size in sizes]
    import matplotlib  # here, not above: only a finished run needs it (it takes a second)

    matplotlib.use("Agg")  # files only, no window: works without a display
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    plain = FuncFormatter(lambda value, _: f"{value:g}")  # 20, not 2×10¹

    fig, axes = plt.subplots(1, len(panels), figsize=(14, 4.6), squeeze=False)
    for axis, (title, lines) in zip(axes[0], panels.items(), strict=True):
        for row, page in lines:
            label = page if row == "ML service" else row
            axis.plot(courses, [p50(s.figures[row, page]) for s in sizes], marker="o", label=label)
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.yaxis.set_major_formatter(plain)
        axis.yaxis.set_minor_formatter(plain)
        axis.set_xticks(courses, [f"{c:,}" for c in courses])
        axis.set_title(title)
        axis.set_xlabel("courses in the catalog")
        axis.set_ylabel("p50, ms (one connection; log scale)")
        axis.legend(fontsize="small")
    fig.suptitle("make bench-scale: latency as the catalog grows")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
