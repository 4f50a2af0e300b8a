"""A server killed in the middle of a crowd of enrollments loses none that it confirmed.

"You're enrolled" is a promise. A server may die at any moment (a crash, the out-of-memory
killer, a power cut of its container, `kill -9`), and whatever it had confirmed must still be
there when it comes back: the answer must never go out before the row is committed. What it
had not confirmed may or may not be stored; the visitor saw an error and can try again, which
is safe because enrolling is idempotent.

So: 100 visitors enroll at once, each a run of new addresses, one after the other, noting each
one the server confirms. Once 200 are confirmed, the whole server is killed with SIGKILL (for
the API, uvicorn's supervisor and both workers at once), with requests still in flight. Then
it is started again on the same database file, and must answer as usual: a search, a new
enrollment. Stopped once more, the file is read with sqlite3 itself: SQLite's integrity check
must pass, every confirmed enrollment must be there, once.
"""

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.reliability.crowd import (
    COURSES,
    VISITORS,
    Outcome,
    Tally,
    Visitor,
    all_at_once,
    integrity_check,
    statuses,
    stored_enrollments,
)
from tests.reliability.servers import design_server, running

VISITORS_AT_ONCE = 100
ENROLLMENTS_EACH = 10  # at most; a visitor stops at its first request that gets no answer
KILL_AFTER = 200  # confirmed enrollments, out of the 1,000 the crowd would send
PATIENCE = 120.0  # seconds: a crowd that takes longer than this is taken for a hang


def _email(visitor: int, number: int) -> str:
    return f"kill-{visitor}-{number}@example.com"


@pytest.mark.parametrize("design", ["api", "monolith"])
def test_a_server_killed_mid_load_loses_no_enrollment_it_confirmed(
    design: str, tmp_path: Path, model_dir: Path
) -> None:
    server = design_server(design, tmp_path, model_dir)
    confirmed = Tally()

    def enroll_one_after_another(number: int, visitor: Visitor) -> list[Outcome]:
        outcomes = []
        for enrollment in range(ENROLLMENTS_EACH):
            course = COURSES[(number + enrollment) % len(COURSES)]
            outcome = visitor.enroll(course, f"Visitor {number}", _email(number, enrollment))
            outcomes.append(outcome)
            if outcome.acknowledged:
                confirmed.add()
            if outcome.status is None:  # the server is gone: this visitor gives up
                break
        return outcomes

    with ThreadPoolExecutor(1) as background, running(server):
        visitors = [VISITORS[design](server.url) for _ in range(VISITORS_AT_ONCE)]
        crowd = background.submit(all_at_once, visitors, enroll_one_after_another)
        crowd.add_done_callback(lambda _: confirmed.over())
        if not confirmed.wait_for(KILL_AFTER, PATIENCE):
            got = statuses(crowd.result()) if crowd.done() else "the crowd was still at it"
            pytest.fail(f"only {confirmed.count} enrollments confirmed: {got}")
        server.kill()
        outcomes = crowd.result(timeout=PATIENCE)

        server.start()  # on the same database file, as after a crash
        newcomer = VISITORS[design](server.url)
        newcomer.prepare()
        search = newcomer.search("ai agents")
        after_restart = newcomer.enroll(COURSES[0], "Newcomer", "after-restart@example.com")
        newcomer.close()
        server.stop()  # the database is read as the server left it
    assert server.database is not None

    sent = [outcome for outcome in outcomes if outcome.kind == "enroll"]
    in_flight = [outcome for outcome in sent if outcome.status is None]
    print(
        f"{design}: {VISITORS_AT_ONCE} visitors sent {len(sent)} enrollments; {confirmed.count} "
        f"confirmed before the kill, {len(in_flight)} cut off by it: {dict(statuses(outcomes))}"
    )
    # The kill came mid-load: visitors were cut off, and every answer before it was a yes.
    assert in_flight, "the server was killed after the crowd had finished"
    assert [outcome for outcome in sent if outcome.status is not None and not outcome.shown] == []

    # The restarted server serves as usual.
    assert (search.status, search.shown) == (200, True)
    assert after_restart.acknowledged, after_restart

    assert integrity_check(server.database) == ["ok"]
    stored = stored_enrollments(server.database)
    acknowledged = [
        (outcome.course, outcome.email)
        for outcome in [*outcomes, after_restart]
        if outcome.acknowledged
    ]
    lost = [pair for pair in acknowledged if pair not in stored]
    unanswered_but_stored = [
        (outcome.course, outcome.email)
        for outcome in in_flight
        if (outcome.course, outcome.email) in stored
    ]
    print(
        f"{design}: {len(acknowledged)} confirmed enrollments, {len(lost)} lost; "
        f"{len(unanswered_but_stored)} of the unanswered ones were stored anyway"
    )
    assert lost == []
    assert Counter(stored[pair] for pair in acknowledged) == {1: len(acknowledged)}
    attempted = {(outcome.course, outcome.email) for outcome in [*sent, after_restart]}
    assert set(stored) <= attempted  # nothing appeared that nobody sent
