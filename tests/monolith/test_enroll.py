"""Enrolling in a course: the form on the course page, like a browser fills it in.

Post/redirect/get: a good enrollment answers 302 back to the course page, which shows a flash
message once. The same email twice on one course is refused, whatever its case or spaces. A
form without this site's CSRF token is refused with a clear 400 page and saves nothing.
"""

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.support.databases import Database

Record = dict[str, Any]
CSRF_REFUSED = "Your form had expired or did not come from this site, so nothing was saved."


@pytest.fixture
def course(dataset: list[Record]) -> Record:
    return next(r for r in dataset if "AI Agents" in r["title"])


@pytest.fixture
def other_course(dataset: list[Record], course: Record) -> Record:
    return next(r for r in dataset if r["slug"] != course["slug"])


def _enrollments(database: Database) -> list[tuple[str, str, str]]:
    return database.rows(
        "SELECT courses.slug, enrollments.name, enrollments.email FROM enrollments"
        " JOIN courses ON courses.id = enrollments.course_id ORDER BY enrollments.id"
    )


def test_enrolling_redirects_to_the_course_page_and_shows_a_thank_you_once(
    client: FlaskClient,
    enroll: Callable[..., Any],
    page_of: Callable[..., Any],
    course: Record,
    database: Database,
) -> None:
    response = enroll(course["slug"], "Ada Lovelace", "ada@example.com")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/courses/{course['slug']}"
    # nothing is stored twice by the redirect, and the row is the one typed in
    assert _enrollments(database) == [(course["slug"], "Ada Lovelace", "ada@example.com")]

    page = page_of(client.get(response.headers["Location"]))
    assert page.status == 200
    assert f"You're enrolled in “{course['title']}”, Ada Lovelace. Happy learning!" in page.text

    # the message is shown once: reloading the page does not show it again
    again = page_of(client.get(f"/courses/{course['slug']}"))
    assert "You're enrolled" not in again.text


def test_following_the_redirect_shows_the_flash_message(
    client: FlaskClient, course: Record, page_of: Callable[..., Any], csrf_token: Any
) -> None:
    url = f"/courses/{course['slug']}"
    response = client.post(
        url,
        data={"csrf_token": csrf_token(url), "name": "Grace", "email": "grace@example.com"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert [r.status_code for r in response.history] == [302]
    assert "You're enrolled in" in page_of(response).text


def test_stored_email_is_trimmed_and_lowercased_and_name_is_trimmed(
    enroll: Callable[..., Any], course: Record, database: Database
) -> None:
    response = enroll(course["slug"], "  Ada Lovelace  ", "  Ada.Lovelace@Example.COM ")
    assert response.status_code == 302
    assert _enrollments(database) == [(course["slug"], "Ada Lovelace", "ada.lovelace@example.com")]


@pytest.mark.parametrize(
    "second_email",
    ["ada@example.com", "ADA@EXAMPLE.COM", "Ada@Example.com", "  ada@example.com  "],
)
def test_enrolling_an_enrolled_email_again_looks_exactly_like_a_first_enrollment(
    second_email: str,
    client: FlaskClient,
    enroll: Callable[..., Any],
    page_of: Callable[..., Any],
    course: Record,
    count_rows: Callable[[str], int],
) -> None:
    """A stranger typing someone's email cannot tell from the page whether they take the
    course: the same redirect and the same message, and still one enrollment."""
    first = enroll(course["slug"], "Ada", "ada@example.com")
    first_page = page_of(client.get(first.headers["Location"])).text

    second = enroll(course["slug"], "Ada", second_email)

    assert (second.status_code, second.headers["Location"]) == (302, first.headers["Location"])
    assert page_of(client.get(second.headers["Location"])).text == first_page
    assert "You're enrolled" in first_page
    assert count_rows("enrollments") == 1


def test_the_same_email_can_enroll_in_two_different_courses(
    enroll: Callable[..., Any], course: Record, other_course: Record, database: Database
) -> None:
    assert enroll(course["slug"], "Ada", "ada@example.com").status_code == 302
    assert enroll(other_course["slug"], "Ada", "ada@example.com").status_code == 302
    assert {row[0] for row in _enrollments(database)} == {course["slug"], other_course["slug"]}


def test_two_people_can_enroll_in_the_same_course(
    enroll: Callable[..., Any], course: Record, count_rows: Callable[[str], int]
) -> None:
    assert enroll(course["slug"], "Ada", "ada@example.com").status_code == 302
    assert enroll(course["slug"], "Grace", "grace@example.com").status_code == 302
    assert count_rows("enrollments") == 2


def test_a_refused_enrollment_keeps_what_was_typed_and_marks_the_field(
    enroll: Callable[..., Any], page_of: Callable[..., Any], course: Record
) -> None:
    page = page_of(enroll(course["slug"], "Ada Lovelace", "not-an-email"))
    assert page.status == 400
    assert page.inputs["name"] == "Ada Lovelace"
    assert page.inputs["email"] == "not-an-email"
    assert "Enter a valid email address, like ada@example.com." in page.text
    # the course is still shown around the form, and the form can be sent again
    assert course["title"] in page.text
    assert page.inputs["csrf_token"]


# --- CSRF -----------------------------------------------------------------------------------


def _assert_csrf_refusal(response: Any, page_of: Callable[..., Any]) -> None:
    assert response.status_code == 400
    page = page_of(response)
    assert CSRF_REFUSED in page.text
    assert "CourseHub" in page.text  # the site's layout, not a bare error
    assert "Traceback" not in page.html


def test_enrolling_without_a_csrf_token_is_refused_and_saves_nothing(
    client: FlaskClient,
    course: Record,
    page_of: Callable[..., Any],
    count_rows: Callable[[str], int],
) -> None:
    client.get(f"/courses/{course['slug']}")  # the visitor has a session, like a browser
    response = client.post(
        f"/courses/{course['slug']}", data={"name": "Ada", "email": "ada@example.com"}
    )
    _assert_csrf_refusal(response, page_of)
    assert count_rows("enrollments") == 0


@pytest.mark.parametrize(
    "token",
    ["", "not-a-token", "' OR 1=1 --", "<script>alert(1)</script>", "%", "_", "x" * 5000],
)
def test_enrolling_with_a_wrong_csrf_token_is_refused_and_saves_nothing(
    token: str,
    client: FlaskClient,
    course: Record,
    page_of: Callable[..., Any],
    count_rows: Callable[[str], int],
) -> None:
    client.get(f"/courses/{course['slug']}")
    response = client.post(
        f"/courses/{course['slug']}",
        data={"csrf_token": token, "name": "Ada", "email": "ada@example.com"},
    )
    _assert_csrf_refusal(response, page_of)
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    assert count_rows("enrollments") == 0


def test_a_csrf_token_from_another_visitor_is_refused(
    app: Any,
    client: FlaskClient,
    course: Record,
    csrf_token: Callable[[str], str],
    page_of: Callable[..., Any],
    count_rows: Callable[[str], int],
) -> None:
    url = f"/courses/{course['slug']}"
    token_of_someone_else = csrf_token(url)
    stranger = app.test_client()  # another browser: no session cookie
    stranger.get(url)
    response = stranger.post(
        url,
        data={"csrf_token": token_of_someone_else, "name": "Eve", "email": "eve@example.com"},
    )
    _assert_csrf_refusal(response, page_of)
    assert count_rows("enrollments") == 0


def test_a_csrf_token_signed_by_another_site_is_refused(
    app_factory: Callable[..., Any],
    client: FlaskClient,
    course: Record,
    page_of: Callable[..., Any],
    count_rows: Callable[[str], int],
    database: Database,
) -> None:
    url = f"/courses/{course['slug']}"
    other_site = app_factory(SECRET_KEY="another-secret").test_client()
    foreign_token = page_of(other_site.get(url)).inputs["csrf_token"]
    client.get(url)
    response = client.post(
        url, data={"csrf_token": foreign_token, "name": "Eve", "email": "eve@example.com"}
    )
    _assert_csrf_refusal(response, page_of)
    assert count_rows("enrollments") == 0


def test_a_refused_form_does_not_lose_earlier_enrollments(
    client: FlaskClient,
    enroll: Callable[..., Any],
    course: Record,
    database: Database,
) -> None:
    assert enroll(course["slug"], "Ada", "ada@example.com").status_code == 302
    before = _enrollments(database)
    client.post(f"/courses/{course['slug']}", data={"name": "X", "email": "x@example.com"})
    enroll(course["slug"], "", "bad")
    enroll(course["slug"], "Ada", "ADA@example.com")
    assert _enrollments(database) == before


def test_enrolling_in_a_course_that_does_not_exist_is_a_404(
    client: FlaskClient,
    course: Record,
    csrf_token: Callable[[str], str],
    count_rows: Callable[[str], int],
) -> None:
    token = csrf_token(f"/courses/{course['slug']}")
    response = client.post(
        "/courses/no-such-course",
        data={"csrf_token": token, "name": "Ada", "email": "ada@example.com"},
    )
    assert response.status_code == 404
    assert count_rows("enrollments") == 0


# --- privacy --------------------------------------------------------------------------------


def test_an_enrollment_email_appears_in_no_page_anyone_can_open(
    app: Any,
    client: FlaskClient,
    enroll: Callable[..., Any],
    course: Record,
    dataset: list[Record],
) -> None:
    email = "Secret.Student@Example.org"
    assert enroll(course["slug"], "Secret Student", email).status_code == 302
    stranger = app.test_client()
    category = course["category"]["slug"]
    urls = [
        "/",
        "/?q=secret",
        "/?q=student",
        "/?q=example",
        f"/?q={course['title']}",
        f"/?category={category}",
        f"/?category={category}&sort=newest",
        f"/courses/{course['slug']}",
        "/categories",
        "/no-such-page",
    ]
    for visitor in (client, stranger):
        for url in urls:
            body = visitor.get(url).get_data(as_text=True).lower()
            assert "secret.student" not in body, url
            assert "example.org" not in body, url


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
    first: str,
    second: str,
    stored: str,
    enroll: Callable[..., Any],
    page_of: Callable[..., Any],
    course: Record,
    database: Database,
) -> None:
    assert enroll(course["slug"], "Zoë", first).status_code == 302
    assert enroll(course["slug"], "Zoë", second).status_code == 302
    assert _enrollments(database) == [(course["slug"], "Zoë", stored)]


@pytest.mark.parametrize("name", ["\x1f", "\x1c\x1d\x1e\x1f", " \x1e\u3000"])
def test_a_name_of_separators_only_is_refused_as_name_is_required(
    name: str,
    enroll: Callable[..., Any],
    page_of: Callable[..., Any],
    course: Record,
    count_rows: Callable[[str], int],
) -> None:
    page = page_of(enroll(course["slug"], name, "ada@example.com"))
    assert page.status == 400
    assert "Name is required." in page.text
    assert count_rows("enrollments") == 0
