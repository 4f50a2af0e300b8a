"""After a crowd has enrolled, no page, API answer, error or log line shows who they are.

A hundred people enroll at once in each design, under its production server, and a hundred
strangers then type their addresses again (the enrollment that used to answer "already
enrolled"). Then every public page and answer is read: every search page, every course in
both API versions and in the monolith, the categories, the recommendations, the partner feeds
and stats (with a real key), the API's description and docs, and error answers. None may
contain an enrolled email, nor the name a person enrolled with; nor may the servers' logs.
"""

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.reliability.crowd import COURSES, ApiVisitor, MonolithVisitor, Outcome, all_at_once
from tests.reliability.servers import (
    ProductionServer,
    api_server,
    monolith_server,
    running,
)
from tests.support.processes import REPO_ROOT

PEOPLE = 100
KEY_LINE = re.compile(r"^\S{40,}$", re.MULTILINE)  # the key, printed alone on its line


def _person(number: int) -> tuple[str, str]:
    """A name and an email that appear nowhere in the catalog."""
    return f"Quillon Vexstraat {number:03d}", f"q.vexstraat.{number:03d}@private-mail.example"


def _partner_key(server: ProductionServer, command: list[str]) -> str:
    made = subprocess.run(
        command, cwd=REPO_ROOT, env=server.environment, capture_output=True, text=True, timeout=60
    )
    assert made.returncode == 0, made.stderr
    return KEY_LINE.findall(made.stdout)[-1]


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory, model_dir: Path) -> Iterator[tuple]:
    api = api_server(tmp_path_factory.mktemp("privacy-api"))
    monolith = monolith_server(tmp_path_factory.mktemp("privacy-monolith"), model_dir)
    monolith.environment["MONOLITH_API"] = "1"  # its partner feed, to read as a partner too
    with running(api, monolith):
        yield api, monolith


def _enroll_everyone(api: ProductionServer, monolith: ProductionServer) -> list[Outcome]:
    """Everyone enrolls in both designs at once; then strangers send the same addresses."""
    visitors = [ApiVisitor(api.url) for _ in range(PEOPLE)]
    visitors += [MonolithVisitor(monolith.url) for _ in range(PEOPLE)]

    def enroll(number: int, visitor: ApiVisitor | MonolithVisitor) -> list[Outcome]:
        name, email = _person(number % PEOPLE)
        course = COURSES[number % len(COURSES)]
        return [visitor.enroll(course, name, email), visitor.enroll(course, "A Stranger", email)]

    return all_at_once(visitors, enroll)


def _every_public_answer(api: str, monolith: str, keys: tuple[str, str]) -> Iterator[tuple]:
    """(address, response) for everything a stranger or a partner can read."""
    with requests.Session() as session:
        session.trust_env = False
        for version in ("v1", "v2"):
            for page in (1, 2, 3):
                url = f"{api}/api/{version}/courses?per_page=100&page={page}"
                yield url, session.get(url, timeout=30)
            for slug in (course["slug"] for course in _all_courses(session, api)):
                url = f"{api}/api/{version}/courses/{slug}"
                yield url, session.get(url, timeout=30)
            # Searches a curious stranger would try (prefixes: the words themselves would put
            # them in the servers' logs, as the stranger's own query).
            for path in ("categories", "courses?q=private", "courses?q=vexstr"):
                yield path, session.get(f"{api}/api/{version}/{path}", timeout=30)
            for path in ("partner/courses?limit=100", "partner/stats"):
                partner = {"X-API-Key": keys[0]}
                yield path, session.get(f"{api}/api/{version}/{path}", headers=partner, timeout=30)
        for path in ("/openapi.json", "/docs", "/healthz", "/api/v2/courses/nope", "/api/v2/x"):
            yield path, session.get(f"{api}{path}", timeout=30)
        for page in range(1, 23):
            yield f"/?page={page}", session.get(f"{monolith}/", params={"page": page}, timeout=30)
        for slug in (course["slug"] for course in _all_courses(session, api)):
            url = f"{monolith}/courses/{slug}"
            yield url, session.get(url, timeout=30)
        for path in ("/categories", "/?q=vexstr", "/recommendations?interests=ai+agents"):
            yield path, session.get(f"{monolith}{path}", timeout=30)
        for path in ("/api/v1/partner/courses?limit=100", "/api/v1/partner/stats"):
            partner = {"X-API-Key": keys[1]}
            yield path, session.get(f"{monolith}{path}", headers=partner, timeout=30)
        yield "/nope", session.get(f"{monolith}/nope", timeout=30)


def _all_courses(session: requests.Session, api: str) -> list[dict]:
    pages = [
        session.get(f"{api}/api/v2/courses?per_page=100&page={n}", timeout=30) for n in (1, 2, 3)
    ]
    return [course for page in pages for course in page.json()["items"]]


def test_no_public_answer_or_log_line_shows_an_enrolled_person(servers: tuple) -> None:
    api, monolith = servers
    outcomes = _enroll_everyone(api, monolith)
    enrolled = [outcome for outcome in outcomes if outcome.acknowledged]
    assert len(enrolled) == 4 * PEOPLE, sorted({outcome.label for outcome in outcomes})
    keys = (
        _partner_key(
            api, [sys.executable, "-m", "decoupled.backend.cli", "create-partner-key", "p"]
        ),
        _partner_key(
            monolith,
            [sys.executable, "-m", "flask", "--app", "monolith", "create-partner-key", "p"],
        ),
    )
    secrets = [part.lower() for number in range(PEOPLE) for part in _person(number)]
    secrets += ["private-mail.example", "quillon"]

    read = 0
    for address, response in _every_public_answer(api.url, monolith.url, keys):
        assert response.status_code < 500, address
        shown = (response.text + str(response.headers)).lower()
        found = [secret for secret in secrets if secret in shown]
        assert not found, f"{address} shows {found[:3]}"
        read += 1

    api.stop()
    monolith.stop()
    logs = "".join(log.read_text(errors="replace") for log in api.logs + monolith.logs).lower()
    found = [secret for secret in secrets if secret in logs]
    assert not found, f"the logs show {found[:3]}"
    print(f"\n{len(enrolled)} enrollments acknowledged; {read} public answers read, none shows one")
    assert read >= 800  # each course twice in the API, once in the monolith, and the rest
