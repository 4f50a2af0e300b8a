"""Two hundred visitors at once, reading and writing, under each design's production server.

A crowd is not a queue of polite readers: while some search and open course pages, others
enroll, and some enroll an address that another visitor is enrolling at the same instant (a
double click, or the same person on two devices). Here 200 visitors start together, against
the catalog API (uvicorn, two workers) and against the monolith (waitress, its threads), each
on a fresh database, and each visitor makes three requests: in every round a quarter search,
a quarter open a course page, a quarter enroll a new address and a quarter enroll the address
their neighbour is enrolling in that same round.

What the users must see: every request answered, none with a 5xx; every enrollment confirmed
(the API's 201, the monolith's redirect with "You're enrolled"), duplicates too, since
enrolling is idempotent. And what the database must hold once the server has stopped: every
confirmed enrollment, each (course, email) exactly once, nothing nobody asked for.
tests/decoupled/backend/test_api_under_load.py sends the API readers and writers one crowd
after the other; this one mixes them, and holds the monolith to the same standard.
"""

from collections import Counter
from pathlib import Path

import pytest

from tests.reliability.crowd import (
    COURSES,
    SEARCHES,
    VISITORS,
    Outcome,
    Visitor,
    all_at_once,
    print_latencies,
    statuses,
    stored_enrollments,
)
from tests.reliability.servers import design_server, running

VISITORS_AT_ONCE = 200
ROUNDS = 3
ROLES = ("search", "page", "new", "duplicate")  # a quarter of the crowd each, every round
CONFIRMED = {"api": "201", "monolith": "302"}


def _email(owner: int, round_: int) -> str:
    return f"crowd-{owner}-{round_}@example.com"


def _course(owner: int, round_: int) -> str:
    return COURSES[(owner + round_) % len(COURSES)]


def _mixed(number: int, visitor: Visitor) -> list[Outcome]:
    outcomes = []
    for round_ in range(ROUNDS):
        role = ROLES[(number + round_) % len(ROLES)]
        if role == "search":
            outcomes.append(visitor.search(SEARCHES[number % len(SEARCHES)]))
        elif role == "page":
            outcomes.append(visitor.course_page(COURSES[number % len(COURSES)]))
        else:
            # The visitor just before a "duplicate" is "new" in the same round: both send the
            # same address to the same course at about the same instant.
            owner = number if role == "new" else number - 1
            name = f"Visitor {number}"
            outcomes.append(visitor.enroll(_course(owner, round_), name, _email(owner, round_)))
    return outcomes


@pytest.mark.parametrize("design", ["api", "monolith"])
def test_two_hundred_visitors_reading_and_enrolling_at_once_all_get_answers_and_stay_enrolled(
    design: str, tmp_path: Path, model_dir: Path
) -> None:
    server = design_server(design, tmp_path, model_dir)
    with running(server):
        visitors = [VISITORS[design](server.url) for _ in range(VISITORS_AT_ONCE)]
        outcomes = all_at_once(visitors, _mixed)
        server.stop()  # the database is read as the server left it
    assert server.database is not None

    counts = statuses(outcomes)
    print_latencies(
        f"{design}, {len(outcomes)} requests from {VISITORS_AT_ONCE} visitors", outcomes
    )
    print(f"{design}: {dict(counts)}")
    failed = [outcome for outcome in outcomes if outcome.status is None or outcome.status >= 500]
    assert failed == [], counts  # no 5xx, no connection refused or reset
    per_round = VISITORS_AT_ONCE // len(ROLES)
    expected = Counter(
        {
            ("search", "200"): per_round * ROUNDS,
            ("page", "200"): per_round * ROUNDS,
            ("enroll", CONFIRMED[design]): 2 * per_round * ROUNDS,  # duplicates confirmed too
        }
    )
    if design == "monolith":  # each visitor first opened a course page for its form
        expected[("form", "200")] = VISITORS_AT_ONCE
    assert counts == expected
    not_shown = [outcome for outcome in outcomes if not outcome.shown]
    assert not_shown == []  # each answer showed the results, the course, or "enrolled"

    stored = stored_enrollments(server.database)
    confirmed = {(outcome.course, outcome.email) for outcome in outcomes if outcome.acknowledged}
    attempted = {
        (outcome.course, outcome.email) for outcome in outcomes if outcome.kind == "enroll"
    }
    ours = {pair: rows for pair, rows in stored.items() if pair[1].startswith("crowd-")}
    print(f"{design}: {len(confirmed)} confirmed enrollments, {sum(ours.values())} rows stored")
    assert len(confirmed) == per_round * ROUNDS  # each address was sent twice
    assert confirmed - set(ours) == set()  # nothing confirmed is missing
    assert {pair: rows for pair, rows in ours.items() if rows != 1} == {}  # one row each
    assert set(ours) <= attempted  # and nothing appeared that nobody sent
