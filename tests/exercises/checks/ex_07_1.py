"""Exercise 07.1: the Python client moves to /api/v2, and none of its users breaks."""

import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.exercises.checks import partner_processes as processes
from tests.exercises.checks.two_feeds import Feeds, both_feeds
from tests.exercises.registry import Exercise, NotDone, expect
from tests.exercises.support import REPO_ROOT
from tests.support.environment import clean_environment, direct_to_localhost

EXERCISE = Exercise(
    "07.1", "Move the Python client to /api/v2 without breaking its users", "07-versions.md"
)

SLUG = "build-ai-agents-with-python-from-zero-to-your-first-agent"
PRICE = Decimal("84.99")


def _read(client: Any, how: str) -> tuple[str, Any]:
    """(the first slug of a search for "ai agents", the AI agents course's price)."""
    from decoupled.client import UnexpectedAnswer

    try:
        return client.search("ai agents").items[0].slug, client.course(SLUG).price
    except UnexpectedAnswer as error:
        raise NotDone(
            f"{how} cannot read the API's answers: {error} Let the client's Course read a "
            'price in either shape: 84.99 (v1) or {"amount": "84.99", "currency": "USD"} (v2).'
        ) from None


def _check_the_client(api: processes.Server) -> None:
    from decoupled.client import Client

    for prefix, how in ((None, "Client(url)"), ("/api/v1", 'Client(url, prefix="/api/v1")')):
        before = len(api.log.read_text(encoding="utf-8"))
        options = {"prefix": prefix} if prefix else {}
        with Client(api.url, **options) as client:
            first, price = _read(client, how)
        wanted = prefix or "/api/v2"
        asked = api.log.read_text(encoding="utf-8")[before:]  # its access log: what it was asked
        expect(
            f"GET {wanted}/courses?" in asked,
            f"{how} does not send its search to {wanted}/courses"
            + (
                ": make /api/v2 the client's default prefix (API_PREFIX in "
                "decoupled/client/client.py)."
                if prefix is None
                else ": the prefix given must still choose the version."
            ),
        )
        expect(first == SLUG, f"{how}.search('ai agents') finds {first} first, not {SLUG}.")
        expect(
            isinstance(price, Decimal) and price == PRICE,
            f"{how}.course(...).price is {price!r}: make it an exact Decimal('84.99'), in US "
            "dollars, whichever version answered (a float cannot hold 84.99 exactly).",
        )


def _feed_to_csv(server: processes.Server, key: str, out: Path) -> str:
    """`make partner-api` against `server`; the CSV it wrote."""
    done = processes.run_partner(
        "api_feed", "--out", str(out), API_URL=server.url, PARTNER_API_KEY=key
    )
    expect(
        done.returncode == 0,
        f"partners/api_feed.py, the partner's nightly job, fails against {server.name}: "
        f"{done.said} It was written for /api/v1, the only version the monolith's feed has: "
        "keep it there.",
    )
    return out.read_text(encoding="utf-8")


def _check_the_partner_job(feeds: Feeds, folder: Path) -> None:
    from_monolith = _feed_to_csv(feeds.monolith, feeds.monolith_key, folder / "monolith.csv")
    from_api = _feed_to_csv(feeds.api, feeds.api_key, folder / "api.csv")
    expect(
        from_monolith == from_api,
        "partners/api_feed.py writes another CSV from the catalog API than from the monolith "
        "(MONOLITH_API=1): the same courses should give the same rows.",
    )
    expect(
        f",{PRICE}," in from_api,
        f"In the partner's CSV, {SLUG} no longer costs {PRICE}.",
    )


def _check_the_command_line(api: processes.Server) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "decoupled.client", "search", "ai agents", "--per-page", "3"],
        cwd=REPO_ROOT,
        env=clean_environment(API_URL=api.url),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=processes.RUN_TIMEOUT,
        check=False,
    )
    said = (done.stderr.strip().splitlines() or ["nothing"])[-1]
    expect(
        done.returncode == 0 and f"${PRICE}" in done.stdout,
        f"make client ARGS='search \"ai agents\"' ends with status {done.returncode} "
        f"({said}): the command line should show the same table as before, $84.99 and all.",
    )


def check() -> str:
    with (
        tempfile.TemporaryDirectory() as name,
        both_feeds(Path(name), "compare-a-course") as feeds,
        direct_to_localhost(),
    ):
        _check_the_client(feeds.api)
        _check_the_partner_job(feeds, Path(name))
        _check_the_command_line(feeds.api)
    return (
        "Client(url) talks to /api/v2, and prices come out as Decimal('84.99') on either "
        "version; Client(url, prefix='/api/v1') still works, the command line shows the same "
        "table, and the partner's job still reads the monolith's feed and the API's alike."
    )
