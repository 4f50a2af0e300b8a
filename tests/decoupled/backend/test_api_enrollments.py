"""POST /api/v1/courses/{slug}/enrollments: 201, for a repeat too (idempotent); 422 if bad."""

import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from decoupled.backend.models import Enrollment

TOO_LONG_NAME = "Name must be at most 100 characters."
TOO_LONG_EMAIL = "Email must be at most 254 characters."


@pytest.fixture
def enroll_url(courses):
    return f"/api/v1/courses/{courses[0]['slug']}/enrollments"


def test_enrolling_answers_201_with_the_enrollment_no_cache_may_keep(client, courses, enroll_url):
    response = client.post(enroll_url, json={"name": " Ada Lovelace ", "email": "Ada@Example.com"})

    assert response.status_code == 201
    body = response.json()
    # It shows the email: no browser or proxy cache may store it.
    assert response.headers["cache-control"] == "no-store"
    # No Location: an enrollment has no address to read it back from (that would show its email).
    assert "location" not in response.headers
    # Shown back only to the person who sent it, as stored: stripped and lowercased. Nothing
    # else: no id or date, which a repeat would have to take from the older row.
    assert body == {
        "course": courses[0]["slug"],
        "name": "Ada Lovelace",
        "email": "ada@example.com",
    }


def test_enrolling_an_enrolled_email_again_answers_exactly_as_the_first_time(
    client, app, enroll_url
):
    """The enrollment oracle, closed: a stranger who types someone's email cannot tell from
    the answer whether that person takes the course."""
    first = client.post(enroll_url, json={"name": "Ada L.", "email": "ada@example.com"})
    never_enrolled = client.post(enroll_url, json={"name": "Ada L.", "email": "bob@example.com"})

    again = client.post(enroll_url, json={"name": "Ada L.", "email": "  ADA@example.COM "})

    assert first.status_code == never_enrolled.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert dict(again.headers) == dict(first.headers)
    with Session(app.state.engine) as session:
        assert session.scalars(select(Enrollment.email).order_by(Enrollment.id)).all() == [
            "ada@example.com",
            "bob@example.com",
        ]


def test_the_same_email_may_enroll_on_another_course(client, courses):
    for course in courses[:2]:
        response = client.post(
            f"/api/v1/courses/{course['slug']}/enrollments",
            json={"name": "Ada", "email": "ada@example.com"},
        )
        assert response.status_code == 201


def test_enrolling_on_an_unknown_course_is_a_404(client, assert_problem):
    response = client.post(
        "/api/v1/courses/no-such-course/enrollments", json={"name": "Ada", "email": "a@b.co"}
    )

    assert_problem(response, 404)


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"name": "", "email": "ada@example.com"}, "name", "Name is required."),
        ({"name": "   ", "email": "ada@example.com"}, "name", "Name is required."),
        ({"email": "ada@example.com"}, "name", "Name is required."),
        ({"name": "x" * 500, "email": "ada@example.com"}, "name", TOO_LONG_NAME),
        ({"name": "x" * 101, "email": "ada@example.com"}, "name", TOO_LONG_NAME),
        ({"name": "Ada", "email": ""}, "email", "Email is required."),
        ({"name": "Ada"}, "email", "Email is required."),
        ({"name": "Ada", "email": "a" * 250 + "@example.com"}, "email", TOO_LONG_EMAIL),
    ],
)
def test_bad_name_or_email_is_refused_with_the_spec_message(
    client, enroll_url, assert_problem, payload, field, message
):
    body = assert_problem(client.post(enroll_url, json=payload), 422, field)

    assert body["errors"] == [{"field": field, "message": message}]


@pytest.mark.parametrize(
    "email",
    [
        "not-an-email",
        "ada@",
        "@example.com",
        "ada@example",
        "ada@@example.com",
        "ada example@example.com",
        "Ada <ada@example.com>",
        "ada@exa mple.com",
        "ada@example.test",
    ],
)
def test_an_invalid_email_is_refused(client, enroll_url, assert_problem, email):
    body = assert_problem(client.post(enroll_url, json={"name": "Ada", "email": email}), 422)

    assert body["errors"] == [
        {"field": "email", "message": "Enter a valid email address, like ada@example.com."}
    ]


def test_a_name_of_exactly_100_characters_is_fine(client, enroll_url):
    response = client.post(enroll_url, json={"name": "x" * 100, "email": "ada@example.com"})

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("content", "headers"),
    [
        ("this is not json", {"content-type": "application/json"}),
        ("[1, 2]", {"content-type": "application/json"}),
        ('{"name": "Ada", "email": "ada@example.com"', {"content-type": "application/json"}),
        ("", {"content-type": "application/json"}),
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_422(
    client, enroll_url, assert_problem, content, headers
):
    response = client.post(enroll_url, content=content, headers=headers)

    body = assert_problem(response, 422)
    assert body["errors"]


def test_simultaneous_duplicate_enrollments_make_one_row(client, app, enroll_url):
    # Many requests for one person, released at the same instant, against a file database.
    # Whatever the interleaving, the unique constraint lets exactly one in.
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    statuses: list[int] = []

    def enroll() -> None:
        thread_client = TestClient(app)  # the app is already started, by `client`
        barrier.wait()
        payload = {"name": "Ada", "email": "ada@example.com"}
        statuses.append(thread_client.post(enroll_url, json=payload).status_code)

    threads = [threading.Thread(target=enroll) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [201] * threads_count
    with Session(app.state.engine) as session:
        assert session.scalar(select(func.count(Enrollment.id))) == 1


@pytest.mark.parametrize(
    ("first", "second", "stored"),
    [
        ("zoe\u0308@example.com", "zo\u00eb@example.com", "zo\u00eb@example.com"),
        ("ada@b\u00fccher.example", "ada@xn--bcher-kva.example", "ada@b\u00fccher.example"),
        ("ADA@XN--BCHER-KVA.EXAMPLE", "ada@bu\u0308cher.example", "ada@b\u00fccher.example"),
        (
            "ada@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com",
            "Ada@Example.com",
            "ada@example.com",
        ),
    ],
    ids=["decomposed then composed", "unicode then idn", "idn then decomposed", "fullwidth"],
)
def test_one_address_typed_two_ways_is_stored_once_in_its_normalised_form(
    client, app, enroll_url, first, second, stored
):
    response = client.post(enroll_url, json={"name": "Ada", "email": first})
    assert response.status_code == 201
    assert response.json()["email"] == stored

    again = client.post(enroll_url, json={"name": "Ada", "email": second})
    assert (again.status_code, again.json()["email"]) == (201, stored)
    with Session(app.state.engine) as session:
        assert session.scalars(select(Enrollment.email)).all() == [stored]


@pytest.mark.parametrize("name", ["\x1f", "\x1c\x1d\x1e\x1f", " \x1e\u3000"])
def test_a_name_of_separators_only_is_refused_as_name_is_required(
    client, enroll_url, assert_problem, name
):
    response = client.post(enroll_url, json={"name": name, "email": "ada@example.com"})

    body = assert_problem(response, 422, "name")
    assert body["errors"] == [{"field": "name", "message": "Name is required."}]


def test_separators_around_a_name_and_an_email_are_dropped(client, enroll_url):
    response = client.post(
        enroll_url, json={"name": "\x1fAda\x1c", "email": "\x1eada@example.com\x1f"}
    )

    assert response.status_code == 201
    assert (response.json()["name"], response.json()["email"]) == ("Ada", "ada@example.com")


def test_a_name_with_a_nul_character_is_refused_saying_so(client, app, enroll_url, assert_problem):
    # PostgreSQL's text cannot hold it, SQLite's can: refused on every database alike.
    response = client.post(enroll_url, json={"name": "Ada\x00Lovelace", "email": "ada@example.com"})

    body = assert_problem(response, 422, "name")
    assert body["errors"][0]["message"] == "Name cannot contain the NUL character (U+0000)."
    with Session(app.state.engine) as session:
        assert session.scalar(select(func.count(Enrollment.id))) == 0
