"""Both architectures accept and refuse the same enrolments, naming the same fields.

Each case is a sequence of enrolments on one course, run on fresh twins; the list of
outcomes ("enrolled", "already enrolled" or the refused fields) must be the same.
"""

import pytest

from tests.parity.conftest import Twins

COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"

# 260 characters: every part within its own limit, the whole over the 254 allowed.
LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 63, "c" * 63, "d" * 63]) + ".com"

CASES: dict[str, list[tuple[str, str]]] = {
    "a valid enrolment": [("Ada Lovelace", "ada@example.com")],
    "the same email twice": [("Ada", "ada@example.com"), ("Ada again", "ada@example.com")],
    "same email, other case and spaces": [("Ada", "ada@example.com"), ("A", "  ADA@Example.COM ")],
    "two people": [("Ada", "ada@example.com"), ("Grace", "grace@example.org")],
    "empty name": [("", "ada@example.com")],
    "whitespace name": [("   ", "ada@example.com")],
    "100 character name": [("n" * 100, "ada@example.com")],
    "101 character name": [("n" * 101, "ada@example.com")],
    "500 character name": [("n" * 500, "ada@example.com")],
    "markup in the name": [("<script>alert(1)</script>", "ada@example.com")],
    "sql in the name": [("Robert'); DROP TABLE enrollments;--", "bobby@example.com")],
    "unicode name": [("Zoë Ångström 李", "zoe@example.com")],
    "empty email": [("Ada", "")],
    "not an email": [("Ada", "not-an-email")],
    "no domain dot": [("Ada", "ada@localhost")],
    "display name form": [("Ada", "Ada <ada@example.com>")],
    "sql in the email": [("Ada", "ada@example.com' OR '1'='1")],
    "email too long": [("Ada", LONG_EMAIL)],
    "both fields bad": [("", "nope")],
}


@pytest.mark.parametrize("attempts", CASES.values(), ids=CASES.keys())
def test_enrolment_accepts_and_refuses_the_same_input(twins: Twins, attempts):
    monolith, api = twins
    from_monolith = [monolith.enroll(COURSE, name, email) for name, email in attempts]
    from_api = [api.enroll(COURSE, name, email) for name, email in attempts]
    assert from_monolith == from_api, (
        f"enrolments {attempts!r:.200} differ\n  monolith: {from_monolith}\n  api:      {from_api}"
    )


def test_an_unknown_course_cannot_be_enrolled_in_either(twins: Twins):
    monolith, api = twins
    assert monolith.enroll("no-such-course", "Ada", "ada@example.com") == "no such course"
    assert api.enroll("no-such-course", "Ada", "ada@example.com") == "no such course"
