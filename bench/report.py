"""`make bench`'s report: a table in the terminal, and bench/results/bench.md and bench.png.

What this teaches: a figure is only as good as what is said beside it. Every row says how
many requests one pass takes, every file says on what machine, when, and how long the run
took, and how steady the machine was (the spread between a cell's chunks).
"""

import statistics
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

from bench.figures import Figures
from bench.page_view import describe
from bench.scenarios import ARCHITECTURES, Workload

Key = tuple[str, str, int]  # scenario, architecture, concurrency
COLOURS = {"monolith": "#4c72b0", "decoupled": "#dd8452"}
HEADERS = ("scenario", "at once", "per second", "p50", "p95", "p99")
UNITS = {"page view": "views/s"}
SENDS = {
    "search": "monolith `GET /?q=ai+agents` (HTML) · API `GET /api/v2/courses?q=ai+agents` (JSON)",
    "course": "monolith `GET /courses/<slug>` (HTML, with “also liked” from its model) · "
    "API `GET /api/v2/courses/<slug>` (JSON)",
    "enrollment": "`POST`, a new email each time: monolith the form with its CSRF token "
    "(answer 302) · API JSON (answer 201)",
}


@dataclass
class Run:
    machine: list[str]
    load_before: str
    load_after: str
    seconds: float
    chunk_seconds: int
    rounds: int
    threads: int


def number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def cells(monolith: Figures, decoupled: Figures) -> list[str]:
    """For the rate and each percentile: "monolith · decoupled · decoupled ÷ monolith"."""
    pairs = zip(measured(monolith), measured(decoupled), strict=True)
    return [f"{number(m)} · {number(d)} · {d / m:.2f}×" for m, d in pairs]


def measured(figures: Figures) -> tuple[float, float, float, float]:
    return figures.per_second, figures.p50, figures.p95, figures.p99


def rows(figures: dict[Key, Figures]) -> list[list[str]]:
    """A row per scenario and concurrency, in the order they were measured."""
    seen = list(dict.fromkeys((scenario, c) for scenario, _, c in figures))
    return [
        [f"{scenario} ({UNITS.get(scenario, 'req/s')})", str(c)]
        + cells(figures[scenario, "monolith", c], figures[scenario, "decoupled", c])
        for scenario, c in seen
    ]


def notes(figures: dict[Key, Figures], workloads: dict[str, Workload], run: Run) -> list[str]:
    """What each scenario sends, how to read the cells, and the run's conditions."""
    lines = [f"- **{name}**: {SENDS[name]}" for name in workloads if name in SENDS]
    if "page view" in workloads:
        sizes = {a: f.bytes for (name, a, _), f in figures.items() if name == "page view"}
        lines.append(
            "- **page view**: the search page for a returning visitor (cache warm): "
            + " · ".join(
                f"{a} {describe(workloads['page view'][a])}"
                + (f", {sizes[a] / 1000:.1f} kB" if a in sizes else "")
                for a in ARCHITECTURES
            )
            + ". Its p50, p95, p99: of a whole view, its requests one after another "
            "(bench/README.md says how they are added up)."
        )
    spreads = [f.chunk_spread for f in figures.values()]
    dropped = [
        f"{name} at {c}: {architecture} {f.dropped:,}"
        for (name, architecture, c), f in figures.items()
        if f.dropped
    ]
    lines += [
        "",
        "Each cell: monolith · decoupled · decoupled ÷ monolith. **per second**: requests (for "
        "a page view, whole views) answered per second; above 1× the decoupled side serves "
        "more. **p50, p95, p99** (ms): the time half, 95 % and 99 % of the requests (or views) "
        "took at most; above 1× the decoupled side is slower. **at once**: connections, each "
        "sending its next request as soon as its answer arrives.",
        "",
        f"- Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {run.seconds / 60:.1f} minutes: wrk, "
        f"{run.rounds} chunks of {run.chunk_seconds} s per cell, the architectures taking "
        f"turns; one process each, {run.threads} threads each.",
        f"- A cell's chunks differed in rate by {statistics.median(spreads):.0%} (median), "
        f"at most {max(spreads):.0%}: the machine's noise. The most: {noisiest(figures)}.",
        "- Connection attempts dropped because a server's queue of connections not yet "
        "accepted was full (each one waits a second before trying again; Linux's count, for "
        "the whole machine, during the chunks): "
        + ("; ".join(dropped) if dropped else "none")
        + ".",
        *(f"- Machine: {line}" for line in run.machine),
        f"- Load average before: {run.load_before}; after: {run.load_after}.",
    ]
    return lines


def noisiest(figures: dict[Key, Figures], count: int = 3) -> str:
    """The cells whose chunks differed most, with each chunk's answers per second."""
    ranked = sorted(figures.items(), key=lambda item: item[1].chunk_spread, reverse=True)
    return "; ".join(
        f"{name} at {c}, {architecture}: {', '.join(f'{rate:.0f}' for rate in f.chunk_rates)}"
        for (name, architecture, c), f in ranked[:count]
    )


def print_bench(
    console: Console, figures: dict[Key, Figures], workloads: dict[str, Workload], run: Run
) -> None:
    table = Table(title="Monolith vs decoupled (monolith · decoupled · decoupled ÷ monolith)")
    for header in HEADERS:
        table.add_column(header, justify="left" if header == "scenario" else "right")
    for row in rows(figures):
        table.add_row(*row)
    console.print(table)
    console.print(Markdown("\n".join(notes(figures, workloads, run))))


def markdown_table(headers: tuple[str, ...], body: list[list[str]]) -> list[str]:
    align = ["---"] + ["--:"] * (len(headers) - 1)
    return [f"| {' | '.join(line)} |" for line in (list(headers), align, *body)]


def write_bench(
    folder: Path, figures: dict[Key, Figures], workloads: dict[str, Workload], run: Run
) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    text = ["# `make bench`: monolith vs decoupled", ""]
    text += markdown_table(HEADERS, rows(figures)) + [""] + notes(figures, workloads, run)
    table_file, chart_file = folder / "bench.md", folder / "bench.png"
    table_file.write_text("\n".join(text) + "\n", encoding="utf-8")
    chart(figures, chart_file)
    return [table_file, chart_file]


def chart(figures: dict[Key, Figures], path: Path) -> None:
    """Per scenario: the rate (top) and the p50 with the p99 as a dash (bottom), per concurrency."""
    names = list(dict.fromkeys(scenario for scenario, _, _ in figures))
    concurrencies = sorted({c for _, _, c in figures})
    import matplotlib  # here, not above: only a finished run needs it (it takes a second)

    matplotlib.use("Agg")  # files only, no window: works without a display
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    plain = FuncFormatter(lambda value, _: f"{value:g}")  # 20, not 2×10¹

    fig, axes = plt.subplots(2, len(names), figsize=(3.4 * len(names), 6.5), squeeze=False)
    width = 0.38
    for column, name in enumerate(names):
        top, bottom = axes[0][column], axes[1][column]
        for shift, architecture in zip((-width / 2, width / 2), ARCHITECTURES, strict=True):
            shown = [figures[name, architecture, c] for c in concurrencies]
            places = [i + shift for i in range(len(concurrencies))]
            colour = COLOURS[architecture]
            top.bar(places, [f.per_second for f in shown], width, label=architecture, color=colour)
            bottom.bar(places, [f.p50 for f in shown], width, color=colour)
            bottom.scatter(places, [f.p99 for f in shown], marker="_", s=200, color="black")
        top.set_title(name)
        top.set_ylabel(UNITS.get(name, "requests/s"))
        bottom.set_yscale("log")  # 1 at once and 32 at once differ a hundredfold
        bottom.yaxis.set_major_formatter(plain)
        bottom.set_ylabel("ms, log scale: p50 (bar), p99 (—)")
        for axis in (top, bottom):
            axis.set_xticks(range(len(concurrencies)), [f"{c} at once" for c in concurrencies])
    fig.legend(*axes[0][0].get_legend_handles_labels(), loc="upper right", ncol=2)
    fig.suptitle("make bench: monolith vs decoupled, same machine, taking turns")
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    fig.savefig(path, dpi=110)
    plt.close(fig)
