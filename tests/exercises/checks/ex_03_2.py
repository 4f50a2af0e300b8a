"""Exercise 03.2: one contract, two deployments: compare the monolith's feed with the API's."""

import sqlite3
import subprocess
import tempfile
from pathlib import Path

from tests.exercises.checks import partner_processes as processes
from tests.exercises.checks.two_feeds import Feeds, both_feeds
from tests.exercises.registry import Exercise, NotDone, expect
from tests.exercises.support import REPO_ROOT

EXERCISE = Exercise(
    "03.2",
    "partners/compare_feeds.py: do the monolith's feed and the catalog API's agree?",
    "03-two-choices.md",
)

SCRIPT = Path("partners/compare_feeds.py")
CHANGED = "build-ai-agents-with-python-from-zero-to-your-first-agent"  # its price, in the monolith
REMOVED = "agentes-de-ia-con-python-para-principiantes"  # gone from the monolith


def _drift(database: Path) -> None:
    """Change the monolith's own database behind its back: one price, one course fewer."""
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE courses SET price_cents = 7999 WHERE slug = ?", (CHANGED,))
        connection.execute("DELETE FROM courses WHERE slug = ?", (REMOVED,))
    connection.close()


def _compare(feeds: Feeds) -> processes.Finished:
    """`python -m partners.compare_feeds`, with both addresses and keys in its environment."""
    started: subprocess.Popen[str] = processes.start_partner(
        "compare_feeds",
        MONOLITH_URL=feeds.monolith.url,
        API_URL=feeds.api.url,
        MONOLITH_API_KEY=feeds.monolith_key,
        PARTNER_API_KEY=feeds.api_key,
    )
    return processes.finish(started)


def _last_words(run: processes.Finished) -> str:
    """What the program said last: its error if it wrote one, else its last line."""
    if run.stderr.strip():
        return run.said
    lines = run.stdout.strip().splitlines()
    return f"its last line: {lines[-1].strip()}" if lines else "it printed nothing"


def check() -> str:
    if not (REPO_ROOT / SCRIPT).is_file():
        raise NotDone(f"There is no {SCRIPT.as_posix()} yet: create it, and run it as in the task.")
    with tempfile.TemporaryDirectory() as name, both_feeds(Path(name), "compare-feeds") as feeds:
        same = _compare(feeds)
        expect(
            same.returncode == 0,
            "python -m partners.compare_feeds, run against the monolith (MONOLITH_API=1) and "
            f"the catalog API, both fresh from data/courses.json, exits {same.returncode} "
            f"({_last_words(same)}). The feeds agree then (updated_at aside): exit 0.",
        )
        _drift(feeds.monolith_database)
        drifted = _compare(feeds)
    said = drifted.stdout + drifted.stderr
    expect(
        drifted.returncode != 0,
        f"Once the monolith's database has another price for {CHANGED} and no {REMOVED} any "
        "more, python -m partners.compare_feeds still exits 0: compare every field of each "
        "course (updated_at aside), and exit 1 when they differ.",
    )
    unnamed = [slug for slug in (CHANGED, REMOVED) if slug not in said]
    expect(
        not unnamed,
        f"The feeds disagree on {CHANGED} (its price) and {REMOVED} (only in the API's feed), "
        f"but python -m partners.compare_feeds does not name {' or '.join(unnamed)}: print "
        "each course the feeds disagree on, by its slug.",
    )
    return (
        "compare_feeds finds the monolith's feed and the catalog API's the same, course by "
        "course, and names each course once the monolith's database drifts: one contract, "
        "two deployments, two databases."
    )
