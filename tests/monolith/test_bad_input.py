"""No input makes the monolith answer 500, lose data or echo raw HTML.

Each bad search parameter is refused with HTTP 400, the search page, and a message next to the
field; each bad enrollment is refused with the course page and a message next to the field.
Rows already stored are counted before and after to show nothing is lost.
"""

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.support.databases import Database

Record = dict[str, Any]

FIX_SEARCH = "Please fix the search above and try again."
PAGE_MESSAGE = "Page must be a whole number from 1 to 1000."
PRICE_MESSAGE = "Enter a price from 0 to 10000."
RATING_MESSAGE = "Enter a rating from 0 to 5."
LEVEL_MESSAGE = "Level must be beginner, intermediate or advanced."
SORT_MESSAGE = "Sort must be one of: relevance, rating, newest, price_asc, price_desc."
QUERY_MESSAGE = "Search text must be at most 200 characters."

SCRIPT = "<script>alert(1)</script>"
METACHARACTERS = [
    "' OR 1=1 --",
    '" OR ""="',
    "'; DROP TABLE courses; --",
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "%",
    "_",
    "%_%",
    "\\",
    "\x00",
]
META_IDS = [
    "sql-or",
    "sql-dq",
    "sql-drop",
    "script",
    "attr-break",
    "pct",
    "underscore",
    "like",
    "bs",
    "nul",
]


BAD_NAMES = [
    ("", "Name is required."),
    ("   ", "Name is required."),
    ("\t\n", "Name is required."),
    ("x" * 101, "Name must be at most 100 characters."),
    ("x" * 500, "Name must be at most 100 characters."),
    ("x" * 10_000, "Name must be at most 100 characters."),
]
BAD_NAME_IDS = ["empty", "spaces", "whitespace", "101-chars", "500-chars", "10000-chars"]

INVALID_EMAIL = "Enter a valid email address, like ada@example.com."
BAD_EMAILS = [
    ("", "Email is required."),
    ("   ", "Email is required."),
    ("not-an-email", INVALID_EMAIL),
    ("ada@", INVALID_EMAIL),
    ("@example.com", INVALID_EMAIL),
    ("ada@example", INVALID_EMAIL),
    ("ada@@example.com", INVALID_EMAIL),
    ("ada lovelace@example.com", INVALID_EMAIL),
    ("Ada <ada@example.com>", INVALID_EMAIL),
    ("' OR 1=1 --", INVALID_EMAIL),
    ("x@example.com' OR '1'='1", INVALID_EMAIL),
    (SCRIPT, INVALID_EMAIL),
    ("%", INVALID_EMAIL),
    ("_", INVALID_EMAIL),
    ("a" * 250 + "@example.com", "Email must be at most 254 characters."),
    ("a" * 10_000, "Email must be at most 254 characters."),
]
BAD_EMAIL_IDS = [
    "empty",
    "spaces",
    "no-at",
    "no-domain",
    "no-local",
    "no-tld",
    "two-at",
    "space",
    "display-name",
    "sql",
    "sql-suffix",
    "script",
    "pct",
    "underscore",
    "too-long",
    "10000",
]


def _values(*values: str) -> list[str]:
    return list(values)


BAD_PAGES = _values(
    "abc", "-1", "0", "1001", "99999999999999999999999", "1.5", "1e3", "0x10", "inf", "nan"
)
BAD_PRICES = _values(
    "inf",
    "-inf",
    "Infinity",
    "nan",
    "NaN",
    "sNaN",
    "-1",
    "-0.01",
    "10000.01",
    "1e5",
    "abc",
    "1,000",
)
BAD_RATINGS = _values("inf", "-inf", "nan", "NaN", "sNaN", "-1", "-0.1", "5.1", "6", "abc")
BAD_LEVELS = _values("expert", "Beginner", "BEGINNER", "1", "all")
BAD_SORTS = _values("bogus", "price", "RATING", "rating desc", "slug", "id")

# (query string, the message the visitor reads)
BAD_SEARCHES: list[tuple[dict[str, str], str]] = [
    *(({"page": value}, PAGE_MESSAGE) for value in BAD_PAGES),
    *(({"max_price": value}, PRICE_MESSAGE) for value in BAD_PRICES),
    *(({"min_rating": value}, RATING_MESSAGE) for value in BAD_RATINGS),
    *(({"level": value}, LEVEL_MESSAGE) for value in BAD_LEVELS),
    *(({"sort": value}, SORT_MESSAGE) for value in BAD_SORTS),
    ({"category": "underwater-basket-weaving"}, "Unknown category 'underwater-basket-weaving'."),
    ({"category": "AI-MACHINE-LEARNING"}, "Unknown category 'AI-MACHINE-LEARNING'."),
    ({"q": "ai " * 3333 + "a"}, QUERY_MESSAGE),  # 10,000 characters
    ({"q": "x" * 201}, QUERY_MESSAGE),
    *(
        ({field: value}, message)
        for value in METACHARACTERS
        for field, message in [
            ("category", f"Unknown category '{value}'."),
            ("level", LEVEL_MESSAGE),
            ("sort", SORT_MESSAGE),
            ("max_price", PRICE_MESSAGE),
            ("min_rating", RATING_MESSAGE),
            ("page", PAGE_MESSAGE),
        ]
    ),
]


def _search_id(params: dict[str, str]) -> str:
    [(field, value)] = params.items()
    return f"{field}={value[:20]!r}" + (f"+{len(value)}chars" if len(value) > 20 else "")


def _assert_refused(page: Any, message: str) -> None:
    assert page.status == 400, page.text[:300]
    assert message in page.text
    assert FIX_SEARCH in page.text
    assert page.slugs == []
    assert SCRIPT not in page.html
    assert "<img src=x" not in page.html
    assert "Traceback" not in page.html


# --- the search page ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"), BAD_SEARCHES, ids=[_search_id(p) for p, _ in BAD_SEARCHES]
)
def test_a_bad_search_parameter_is_refused_with_a_message(
    params: dict[str, str], message: str, search: Callable[..., Any]
) -> None:
    _assert_refused(search(**params), message)


@pytest.mark.parametrize(
    "params",
    [
        {"page": "1"},
        {"page": "1000"},
        {"page": " 3 "},
        {"max_price": "0"},
        {"max_price": "10000"},
        {"max_price": "19.99"},
        {"min_rating": "0"},
        {"min_rating": "5"},
        {"min_rating": "4.5"},
        {"q": ("agents " * 40)[:200]},
    ],
    ids=lambda params: _search_id(params),
)
def test_values_at_the_limits_are_accepted(
    params: dict[str, str], search: Callable[..., Any]
) -> None:
    page = search(**params)
    assert page.status == 200
    assert FIX_SEARCH not in page.text


def test_several_bad_parameters_get_one_message_each(search: Callable[..., Any]) -> None:
    page = search(
        q="x" * 201,
        category="nope",
        level="expert",
        max_price="inf",
        min_rating="9",
        sort="up",
        page="0",
    )
    assert page.status == 400
    for message in [
        QUERY_MESSAGE,
        "Unknown category 'nope'.",
        LEVEL_MESSAGE,
        PRICE_MESSAGE,
        RATING_MESSAGE,
        SORT_MESSAGE,
        PAGE_MESSAGE,
    ]:
        assert page.text.count(message) == 1, message


@pytest.mark.parametrize("value", METACHARACTERS, ids=META_IDS)
def test_metacharacters_in_the_query_are_just_text(
    value: str,
    search: Callable[..., Any],
    expected_slugs: Callable[..., list[str]],
) -> None:
    page = search(q=value)
    assert page.status == 200
    assert SCRIPT not in page.html
    assert "<img src=x" not in page.html
    # the words in it (if any) are searched like any other words; % and _ match nothing special
    expected = expected_slugs(q=value)
    assert page.slugs == expected[:12]
    if expected:
        assert f"{len(expected)} course" in page.text
    else:
        assert "No courses match your search" in page.text


@pytest.mark.parametrize(
    "params",
    [{"q": SCRIPT}, {"category": SCRIPT}, {"q": SCRIPT, "page": "99"}, {"q": '"><b>bold</b>'}],
    ids=["q", "category", "q-past-the-last-page", "attr-break"],
)
def test_html_typed_into_the_search_comes_back_escaped(
    params: dict[str, str], search: Callable[..., Any]
) -> None:
    page = search(**params)
    assert page.status in (200, 400)
    assert SCRIPT not in page.html
    assert "<b>bold</b>" not in page.html
    typed = next(iter(params.values()))
    # what was typed is shown back as text (in the box, the title or the message)
    assert typed in page.inputs.values() or typed in page.text


def test_the_unknown_category_message_escapes_what_was_typed(search: Callable[..., Any]) -> None:
    page = search(category=SCRIPT)
    _assert_refused(page, f"Unknown category '{SCRIPT}'.")
    assert "&lt;script&gt;" in page.html


@pytest.mark.parametrize("query", ["日本語", "ñandú", "😀", "Ünïcödé agents", "\u200b", "a\u0301"])
def test_non_ascii_queries_give_a_normal_page(query: str, search: Callable[..., Any]) -> None:
    page = search(q=query)
    assert page.status == 200


@pytest.mark.parametrize(
    "extra",
    [
        {"utm_source": "newsletter"},
        {"per_page": "100"},
        {"endpoint": "x"},
        {"_method": "POST"},
        {"_anchor": SCRIPT},
        {"_external": "1"},
    ],
    ids=[
        "tracking",
        "per_page",
        "endpoint",
        "_method",
        "_anchor",
        "_external",
    ],
)
def test_unexpected_query_parameters_never_break_the_search_page(
    extra: dict[str, Any], client: FlaskClient, page_of: Callable[..., Any]
) -> None:
    # a broad search, so that the page has "next page" links built from the URL
    page = page_of(client.get("/", query_string={"q": "a", **extra}))
    assert page.status == 200, page.text[:200]
    assert page.slugs
    assert SCRIPT not in page.html
    assert all(not link.startswith(("javascript:", "//")) for link in page.links)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"q": ["ai", "python"]}, "Give q only once."),
        ({"page": ["2", "x"]}, "Give page only once."),
    ],
    ids=["two-q", "two-page"],
)
def test_a_repeated_query_parameter_gives_a_400_page_that_says_so(
    extra: dict[str, Any], message: str, client: FlaskClient, page_of: Callable[..., Any]
) -> None:
    # the first value or the last would each be a guess (the API refuses it too)
    page = page_of(client.get("/", query_string={"q": "a", **extra}))
    assert page.status == 400
    assert message in page.text
    assert all(not link.startswith(("javascript:", "//")) for link in page.links)


def test_the_search_page_only_answers_get(client: FlaskClient) -> None:
    assert client.post("/", data={"q": "ai"}).status_code == 405


# --- the course page and enrolling ----------------------------------------------------------


@pytest.mark.parametrize(
    "slug",
    ["' OR 1=1 --", "%", "_", "%25", "..", "no-such-course", SCRIPT.replace("/", ""), "a" * 5000],
    ids=["sql", "pct", "underscore", "pct-encoded", "dotdot", "unknown", "script", "long"],
)
def test_a_bad_course_address_is_a_404_page(
    slug: str, client: FlaskClient, page_of: Callable[..., Any]
) -> None:
    page = page_of(client.get(f"/courses/{slug}"))
    assert page.status == 404
    assert "We couldn't find that page" in page.text
    assert "<script>" not in page.html


def test_a_percent_or_underscore_slug_does_not_match_real_courses_like_a_wildcard(
    client: FlaskClient, dataset: list[Record]
) -> None:
    slug = dataset[0]["slug"]
    for pattern in [slug[:-1] + "_", slug[:5] + "%"]:
        assert client.get(f"/courses/{pattern}").status_code == 404


@pytest.mark.parametrize(("name", "message"), BAD_NAMES, ids=BAD_NAME_IDS)
def test_a_bad_name_is_refused_with_a_message_and_nothing_is_saved(
    name: str,
    message: str,
    enroll: Callable[..., Any],
    page_of: Callable[..., Any],
    dataset: list[Record],
) -> None:
    page = page_of(enroll(dataset[1]["slug"], name, "grace@example.com"))
    assert page.status == 400
    assert message in page.text
    assert "You're enrolled" not in page.text


@pytest.mark.parametrize(("email", "message"), BAD_EMAILS, ids=BAD_EMAIL_IDS)
def test_a_bad_email_is_refused_with_a_message_and_nothing_is_saved(
    email: str,
    message: str,
    enroll: Callable[..., Any],
    page_of: Callable[..., Any],
    dataset: list[Record],
) -> None:
    page = page_of(enroll(dataset[1]["slug"], "Grace Hopper", email))
    assert page.status == 400
    assert message in page.text
    assert SCRIPT not in page.html
    assert "enrolled in" not in page.text


@pytest.mark.parametrize("name", METACHARACTERS[:-1], ids=META_IDS[:-1])
def test_a_name_with_metacharacters_is_stored_as_typed_and_shown_escaped(
    name: str,
    client: FlaskClient,
    enroll: Callable[..., Any],
    dataset: list[Record],
    database: Database,
    count_rows: Callable[[str], int],
) -> None:
    courses_before = count_rows("courses")
    response = enroll(dataset[0]["slug"], name, "mallory@example.com")
    assert response.status_code == 302
    [(stored_name,)] = database.rows("SELECT name FROM enrollments")
    assert stored_name == name.strip()
    assert count_rows("courses") == courses_before
    page_html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "enrolled in" in page_html
    assert SCRIPT not in page_html
    assert "<img src=x" not in page_html


@pytest.mark.parametrize(
    "email", ["o'brien@example.com", "%@example.com", "_@example.com", "a_b%c@example.com"]
)
def test_an_email_with_quotes_percent_or_underscore_is_valid_and_stored_as_typed(
    email: str,
    enroll: Callable[..., Any],
    dataset: list[Record],
    database: Database,
    page_of: Callable[..., Any],
) -> None:
    slug = dataset[0]["slug"]
    assert enroll(slug, "Pat", email).status_code == 302
    assert database.rows("SELECT email FROM enrollments") == [(email,)]
    # the stored value is compared literally: a lookalike address is another person...
    other = email.replace("%", "x").replace("_", "y").replace("'", "z")
    assert enroll(slug, "Pat", other).status_code == 302
    # ...and the same one is not stored twice
    assert enroll(slug, "Pat", email).status_code == 302
    assert database.rows("SELECT count(*) FROM enrollments") == [(2,)]


@pytest.mark.parametrize("name", ["0", "A", "x" * 100, "  Zoë O'Connor-Łukasiewicz  "])
def test_short_long_and_unusual_names_within_the_limits_are_accepted(
    name: str, enroll: Callable[..., Any], dataset: list[Record], database: Database
) -> None:
    assert enroll(dataset[0]["slug"], name, "pat@example.com").status_code == 302
    assert database.rows("SELECT name FROM enrollments") == [(name.strip(),)]


def test_a_name_with_a_nul_character_is_refused_saying_so(
    enroll: Callable[..., Any],
    dataset: list[Record],
    page_of: Callable[..., Any],
    count_rows: Callable[[str], int],
) -> None:
    # PostgreSQL's text cannot hold it, SQLite's can: refused on every database alike.
    page = page_of(enroll(dataset[0]["slug"], "Ada\x00Lovelace", "ada@example.com"))
    assert page.status == 400
    assert "Name cannot contain the NUL character (U+0000)." in page.text
    assert count_rows("enrollments") == 0


def test_a_slug_with_a_nul_character_is_no_course(client: FlaskClient) -> None:
    assert client.get("/courses/a%00b").status_code == 404


def test_extra_or_repeated_form_fields_are_ignored(
    client: FlaskClient,
    csrf_token: Callable[[str], str],
    dataset: list[Record],
    database: Database,
) -> None:
    url = f"/courses/{dataset[0]['slug']}"
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(url),
            "name": "Ada",
            "email": "ada@example.com",
            "course_id": "1; DROP TABLE courses",
            "id": "999",
            "is_admin": "1",
        },
    )
    assert response.status_code == 302
    rows = database.rows("SELECT id, name, email FROM enrollments")
    assert database.rows("SELECT count(*) FROM courses") == [(len(dataset),)]
    assert [(name, email) for _, name, email in rows] == [("Ada", "ada@example.com")]
    assert rows[0][0] != 999


def test_a_form_sent_as_json_is_refused_and_saves_nothing(
    client: FlaskClient, dataset: list[Record], count_rows: Callable[[str], int]
) -> None:
    url = f"/courses/{dataset[0]['slug']}"
    client.get(url)
    response = client.post(url, json={"name": "Ada", "email": "other@example.com"})
    assert response.status_code == 400
    assert count_rows("enrollments") == 0


# --- nothing already stored is lost ---------------------------------------------------------


def _snapshot(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: database.rows(f"SELECT * FROM {table} ORDER BY id")
        for table in ("categories", "courses", "enrollments")
    }


def test_no_bad_input_loses_or_changes_anything_already_stored(
    client: FlaskClient,
    enroll: Callable[..., Any],
    dataset: list[Record],
    database: Database,
) -> None:
    slug = dataset[0]["slug"]
    assert enroll(slug, "Ada Lovelace", "ada@example.com").status_code == 302
    assert enroll(dataset[1]["slug"], "Grace Hopper", "grace@example.com").status_code == 302
    before = _snapshot(database)
    assert len(before["courses"]) == len(dataset)
    assert len(before["enrollments"]) == 2

    statuses = []
    for params, _ in BAD_SEARCHES:
        statuses.append(client.get("/", query_string=params).status_code)
    for value in METACHARACTERS:
        statuses.append(client.get("/", query_string={"q": value}).status_code)
        statuses.append(client.get(f"/courses/{value}").status_code)
    for name, _ in BAD_NAMES:
        statuses.append(enroll(slug, name, "new@example.com").status_code)
    for email, _ in BAD_EMAILS:
        statuses.append(enroll(slug, "New Person", email).status_code)
    for value in METACHARACTERS:  # as a CSRF token, with and without a real session
        form = {"csrf_token": value, "name": "New", "email": "new@example.com"}
        statuses.append(client.post(f"/courses/{slug}", data=form).status_code)
    statuses.append(
        client.post(f"/courses/{slug}", data={"name": "N", "email": "n@x.io"}).status_code
    )
    # the same person again, however they type their email
    for email in ["ada@example.com", "ADA@EXAMPLE.COM", "  Ada@Example.com "]:
        statuses.append(enroll(slug, "Ada", email).status_code)

    assert 500 not in statuses
    assert set(statuses) <= {200, 302, 400, 404}  # 302: the same person again, enrolled once
    assert _snapshot(database) == before
