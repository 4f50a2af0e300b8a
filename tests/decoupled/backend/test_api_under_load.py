"""A crowd at once, under the production server: no request hangs, fails or is lost.

The API runs as `make api` runs it (uvicorn, here with two worker processes), on its own
database. A hundred readers start at the same instant; then two hundred writers, half of them
enrolling an address that another writer enrolls too. Every answer must come back in time,
none may be a 5xx, every 201 must be in the database, and each address must be stored once
(a duplicate gets the same 201: enrolling is idempotent).
"""

import sys
from collections import Counter
from collections.abc import Iterator

import pytest
import requests

from tests.support.crowd import all_at_once
from tests.support.databases import Database, drop, new_database
from tests.support.environment import NO_PUBLIC_LIMITS, clean_environment
from tests.support.ports import free_port
from tests.support.processes import running

COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
READERS = 100
WRITERS = 200


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Database]]:
    folder = tmp_path_factory.mktemp("crowd")
    database = new_database(folder, "api.sqlite3")
    port = free_port()
    environment = clean_environment(
        DATABASE_URL=database.url,
        PARTNER_RATE_LIMIT="1000/minute",
        **NO_PUBLIC_LIMITS,  # a crowd from one address, on purpose
    )
    server_options = ["--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    command = [sys.executable, "-m", "uvicorn", "decoupled.backend.main:app", *server_options]
    url = f"http://127.0.0.1:{port}"
    try:
        with running("uvicorn", command, environment, folder / "uvicorn.log", f"{url}/healthz"):
            yield url, database
    finally:
        drop(database)


def test_a_hundred_simultaneous_searches_all_get_their_answer(api: tuple[str, Database]):
    url, _ = api
    answers = all_at_once(READERS, lambda _: requests.get(f"{url}/api/v2/courses?q=ai", timeout=30))
    statuses = Counter(getattr(answer, "status_code", type(answer).__name__) for answer in answers)
    assert statuses == {200: READERS}
    assert all(answer.json()["total"] == answers[0].json()["total"] for answer in answers)


def test_two_hundred_simultaneous_enrollments_are_each_stored_once(api: tuple[str, Database]):
    url, database = api
    # Writers 0-99 enroll 100 different people; writers 100-199 enroll the same 100 again.
    emails = [f"crowd-{number % 100}@example.com" for number in range(WRITERS)]

    def enroll(number: int) -> requests.Response:
        version = "v1" if number % 2 else "v2"
        return requests.post(
            f"{url}/api/{version}/courses/{COURSE}/enrollments",
            json={"name": f"Crowd {number}", "email": emails[number]},
            timeout=30,
        )

    answers = all_at_once(WRITERS, enroll)
    statuses = Counter(getattr(answer, "status_code", type(answer).__name__) for answer in answers)
    assert statuses == {201: WRITERS}, statuses
    acknowledged = {emails[n] for n, answer in enumerate(answers) if answer.status_code == 201}
    assert len(acknowledged) == 100
    stored = [
        email
        for (email,) in database.rows("SELECT email FROM enrollments WHERE email LIKE 'crowd-%'")
    ]
    assert sorted(stored) == sorted(acknowledged)  # each once
