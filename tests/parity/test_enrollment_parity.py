"""Both architectures accept and refuse the same enrollments, naming the same fields.

Each case is a sequence of enrollments on one course, run on fresh twins; the list of
outcomes ("enrolled" or the refused fields) and the emails each database then holds must be
the same. Enrolling is idempotent in both: a repeat is "enrolled" too, and stored once. Sameness
is not enough where both could be wrong alike: one address typed two ways must be one
enrollment in each, and a name of whitespace only must be refused by each.
"""

import unicodedata

import pytest

from tests.parity.adapters import Refused
from tests.parity.twins import Twins

COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"

# 260 characters: every part within its own limit, the whole over the 254 allowed.
LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 63, "c" * 63, "d" * 63]) + ".com"
ZOE_NFC = unicodedata.normalize("NFC", "zoë@example.com")
ZOE_NFD = unicodedata.normalize("NFD", "zoë@example.com")
IDN = "ada@xn--bcher-kva.example"  # bücher.example, as DNS spells it

CASES: dict[str, list[tuple[str, str]]] = {
    "a valid enrollment": [("Ada Lovelace", "ada@example.com")],
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
    # A name of whitespace only is no name; Python's str.strip() decides what whitespace is.
    "a name of one separator": [("\x1f", "ada@example.com")],
    "a name of separators": [("\x1c\x1d\x1e\x1f", "ada@example.com")],
    "a name of Unicode spaces": [("\u00a0\u2003\u3000\x85\u2028", "ada@example.com")],
    "a name between separators": [("\x1fAda\x1e", "ada@example.com")],
    "a name of a byte-order mark": [("\ufeff", "ada@example.com")],
    "a name of a zero-width space": [("\u200b", "ada@example.com")],
    # PostgreSQL's text cannot hold NUL: both refuse it, on every database.
    "a name with a NUL character": [("Ada\x00Lovelace", "ada@example.com")],
}


@pytest.mark.parametrize("attempts", CASES.values(), ids=CASES.keys())
def test_enrollment_accepts_and_refuses_the_same_input(twins: Twins, attempts):
    monolith, api = twins
    from_monolith = [monolith.enroll(COURSE, name, email) for name, email in attempts]
    from_api = [api.enroll(COURSE, name, email) for name, email in attempts]
    assert from_monolith == from_api, (
        f"enrollments {attempts!r:.200} differ\n  monolith: {from_monolith}\n  api:      {from_api}"
    )
    assert monolith.stored_emails(COURSE) == api.stored_emails(COURSE)


# One address typed two ways is one enrollment in both twins: each stores email-validator's
# normalised form (NFC, the domain in Unicode), lowercased, so the second is a duplicate.
SAME_ADDRESS: dict[str, tuple[str, str]] = {
    "composed, then decomposed": (ZOE_NFC, ZOE_NFD),
    "a Unicode domain, then its IDN form": ("ada@bücher.example", IDN),
    "an IDN domain, then its Unicode form": (IDN.upper(), "Ada@Bücher.Example"),
    "a decomposed domain": ("ada@bücher.example", "ada@bu\u0308cher.example"),
    "a fullwidth domain": ("ada@example.com", "ada@ｅｘａｍｐｌｅ.com"),
    "a capital accented letter": ("ZOË@example.com", ZOE_NFD),
    "separators around the email": ("\x1fada@example.com\x1c", "ada@example.com"),
}


@pytest.mark.parametrize("emails", SAME_ADDRESS.values(), ids=SAME_ADDRESS.keys())
def test_one_address_typed_two_ways_is_one_enrollment_in_both(twins: Twins, emails):
    for catalog in twins:
        outcomes = [catalog.enroll(COURSE, "Zoë", email) for email in emails]
        assert outcomes == ["enrolled", "enrolled"], catalog.name
        assert len(catalog.stored_emails(COURSE)) == 1, catalog.name


@pytest.mark.parametrize("name", ["\x1f", "\x1c\x1d\x1e\x1f", "\u3000", " \u00a0 "])
def test_a_name_of_whitespace_only_is_refused_by_both_as_name_is_required(twins: Twins, name):
    monolith, api = twins
    from_monolith = monolith.enroll(COURSE, name, "ada@example.com")
    from_api = api.enroll(COURSE, name, "ada@example.com")
    assert from_monolith == from_api == Refused(("name",))
    assert from_monolith.messages == from_api.messages == ("Name is required.",)


def test_a_name_with_a_nul_character_is_refused_by_both_in_the_same_words(twins: Twins):
    monolith, api = twins
    from_monolith = monolith.enroll(COURSE, "Ada\x00Lovelace", "ada@example.com")
    from_api = api.enroll(COURSE, "Ada\x00Lovelace", "ada@example.com")
    assert from_monolith == from_api == Refused(("name",))
    assert from_monolith.messages == from_api.messages
    assert monolith.stored_emails(COURSE) == api.stored_emails(COURSE) == []


def test_an_unknown_course_cannot_be_enrolled_in_either(twins: Twins):
    monolith, api = twins
    assert monolith.enroll("no-such-course", "Ada", "ada@example.com") == "no such course"
    assert api.enroll("no-such-course", "Ada", "ada@example.com") == "no such course"
