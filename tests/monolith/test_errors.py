"""Error pages: in the site's own layout, with a plain message and never a stack trace."""

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient


def _assert_in_layout(page: Any) -> None:
    assert "CourseHub" in page.text
    assert "/categories" in page.links
    assert "/static/style.css" in page.html
    assert "Back to the catalog" in page.text


def _assert_no_traceback(page: Any) -> None:
    for leak in ("Traceback", 'File "', ".py", "Werkzeug Debugger", "sqlalchemy", "jinja2"):
        assert leak not in page.html, leak


def test_unknown_course_shows_a_404_page_in_the_site_layout(
    client: FlaskClient, page_of: Callable[..., Any]
) -> None:
    page = page_of(client.get("/courses/no-such-course"))
    assert page.status == 404
    assert "We couldn't find that page" in page.text
    assert "There is no course at /courses/no-such-course." in page.text
    _assert_in_layout(page)
    _assert_no_traceback(page)


@pytest.mark.parametrize(
    "url", ["/no-such-page", "/courses", "/courses/", "/course/x", "/static/x"]
)
def test_unknown_url_shows_a_404_page_in_the_site_layout(
    url: str, client: FlaskClient, page_of: Callable[..., Any]
) -> None:
    page = page_of(client.get(url, follow_redirects=True))
    assert page.status == 404
    assert "We couldn't find that page" in page.text
    _assert_in_layout(page)
    _assert_no_traceback(page)


def test_a_404_page_escapes_the_address_it_repeats(
    client: FlaskClient, page_of: Callable[..., Any]
) -> None:
    response = client.get("/courses/<img src=x onerror=alert(1)>")
    page = page_of(response)
    assert page.status == 404
    assert "<img src=x onerror=alert(1)>" not in page.html
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.html


def test_a_method_the_page_does_not_take_gets_a_405_page_in_the_layout(
    client: FlaskClient, page_of: Callable[..., Any]
) -> None:
    for response in (client.post("/"), client.delete("/categories"), client.put("/")):
        page = page_of(response)
        assert page.status == 405
        assert "That action isn't allowed here" in page.text
        _assert_in_layout(page)
        _assert_no_traceback(page)


def test_a_crash_shows_a_500_page_in_the_layout_with_no_traceback(
    app_factory: Callable[..., Any], page_of: Callable[..., Any]
) -> None:
    app = app_factory(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret detail of the crash: password=hunter2")

    page = page_of(app.test_client().get("/boom"))
    assert page.status == 500
    assert "Something went wrong on our side" in page.text
    _assert_in_layout(page)
    _assert_no_traceback(page)
    assert "RuntimeError" not in page.html
    assert "hunter2" not in page.html
    assert "secret detail" not in page.html


def test_a_crash_is_logged_on_the_server(
    app_factory: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    app = app_factory(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("the cause, for the logs only")

    assert app.test_client().get("/boom").status_code == 500
    assert "the cause, for the logs only" in caplog.text


def test_a_database_failure_shows_the_500_page(
    app_factory: Callable[..., Any], page_of: Callable[..., Any], databases: Any
) -> None:
    database = databases.empty("broken.sqlite3")
    app = app_factory(database, PROPAGATE_EXCEPTIONS=False)
    database.run("DROP TABLE enrollments")
    database.run("ALTER TABLE courses RENAME TO gone")

    page = page_of(app.test_client().get("/?q=ai"))
    assert page.status == 500
    assert "Something went wrong on our side" in page.text
    _assert_no_traceback(page)
    assert "no such table" not in page.html  # SQLite's words
    assert "does not exist" not in page.html  # PostgreSQL's
