"""Lesson 10: what a request costs in each design, and an index instead of a scan."""

import sqlite3
import statistics
import time

from demo.context import Context
from demo.show import table
from demo.steps import expect, step

SEARCH = {"monolith": "/?q=ai+agents", "api": "/api/v2/courses?q=ai+agents"}
ROUNDS = 40
MATCHES = "SELECT rowid FROM courses_fts WHERE courses_fts MATCH ?"
# The same question two ways: the index's lists of courses per word, or every course's words.
PLANS = {
    "with the index": f"SELECT id FROM courses WHERE id IN ({MATCHES})",  # noqa: S608
    "without it": "SELECT id FROM courses WHERE search_words LIKE ? AND search_words LIKE ?",
}
PARAMETERS = {"with the index": ('"ai"* "agents"*',), "without it": ("% ai%", "% agents%")}


def median_ms(ctx: Context, program: str) -> tuple[float, int]:
    """The median time of ROUNDS searches, one after the other, and the answer's size."""
    url = ctx.urls[program] + SEARCH[program]
    times, size = [], 0
    for _ in range(ROUNDS):
        started = time.perf_counter()
        answer = ctx.http.get(url, timeout=10)
        times.append((time.perf_counter() - started) * 1000)
        expect(answer.status_code == 200, f"{url} answered {answer.status_code}")
        size = len(answer.content)
    return statistics.median(times), size


@step("10", "One search, timed in each design", needs={"monolith", "api"})
def one_search_timed(ctx: Context) -> None:
    """The same search, "ai agents", forty times in a row from each design: the monolith
    answers with a whole HTML page, the catalog API with JSON that a frontend or an app turns
    into a page. On one machine a request costs a few milliseconds either way; most of it is
    the framework's own work, not the search. A fair comparison runs both at once and takes
    turns, under load: that is make bench, and lesson 10 reads its table."""
    rows = []
    for program, label in (("monolith", "monolith (HTML)"), ("api", "catalog API (JSON)")):
        median, size = median_ms(ctx, program)
        rows.append((label, f"{median:.1f} ms", f"{size:,} bytes"))
    table(ctx.console, f"Median of {ROUNDS} searches:", ("design", "time", "answer"), rows)
    ctx.say("A browser on the decoupled site also loads the frontend's files: more requests.")


@step("10", "An index finds the matches without reading every course", needs={"api"})
def index_not_scan(ctx: Context) -> None:
    """Ask SQLite how it would answer the search, in the catalog API's own database. With the
    full-text index, it looks the two words up in the index's lists, then reads only the
    courses they name. Without it, LIKE must read the words of every course: at 256 courses
    nobody notices; at 100,000 the scan took about 200 ms a search, the index a few (lesson 10:
    make bench-scale times the index at three sizes)."""
    database = ctx.folder / "api.sqlite3"
    expect(database.exists(), f"no database at {database}")
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = []
        for label, sql in PLANS.items():
            plan = connection.execute(f"EXPLAIN QUERY PLAN {sql}", PARAMETERS[label]).fetchall()
            found = connection.execute(sql, PARAMETERS[label]).fetchall()
            rows.append((label, "; ".join(row[-1] for row in plan), f"{len(found)} courses"))
    table(ctx.console, "How SQLite answers:", ("search", "plan", "found"), rows)
    expect(rows[0][2] == rows[1][2], f"the two found different courses: {rows}")
    expect("courses_fts" in rows[0][1], f"the index is not used: {rows[0][1]}")
    expect("SCAN courses" in rows[1][1], f"no scan without the index: {rows[1][1]}")


STEPS = [one_search_timed, index_not_scan]
