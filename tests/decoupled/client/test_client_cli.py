"""The command line, run as a learner runs it: `python -m decoupled.client ...` in a subprocess."""

import subprocess
import sys
import uuid
from datetime import date
from io import StringIO

from rich.console import Console

from decoupled.client import Client, Course, CoursePage
from decoupled.client.models import CategoryRef
from decoupled.client.tables import course_details, search_results
from tests.decoupled.client.servers import (
    AGENTS_COURSE,
    AGENTS_SLUG,
    ApiServer,
)
from tests.support.commands import run
from tests.support.environment import clean_environment


def run_cli(api_url: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    """The CLI with $API_URL pointing at `api_url`, its output not a terminal."""
    command = [sys.executable, "-m", "decoupled.client", *arguments]
    return run(command, clean_environment(API_URL=api_url), timeout=60)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_search_ai_agents_prints_a_table_with_the_agents_course_first(
    api: ApiServer, client: Client
) -> None:
    result = run_cli(api.url, "search", "ai agents")

    assert result.returncode == 0, result.stderr
    output = lines(result.stdout)
    assert output[0].split() == ["Title", "Level", "Rating", "Price", "Slug"]
    rows = output[2:-1]  # after the heading and its rule, before the summary
    assert rows[0].split() == [*AGENTS_COURSE.split(), "beginner", "4.7", "$84.99", AGENTS_SLUG]
    expected = client.search("ai agents").items
    assert len(rows) == len(expected) == 12
    for row, course in zip(rows, expected, strict=True):
        assert row.startswith(course.title) and row.endswith(course.slug)
    assert output[-1] == "page 1 of 2, 13 courses"
    assert result.stderr == ""


def test_search_with_filters_sort_and_page_shows_that_page(api: ApiServer) -> None:
    result = run_cli(api.url, "search", "ai agents", "--level", "beginner", "--sort", "rating")

    assert result.returncode == 0, result.stderr
    rows = lines(result.stdout)[2:-1]
    assert rows and all(" beginner " in row for row in rows)
    ratings = [float(row.split(" beginner ")[1].split()[0]) for row in rows]
    assert ratings == sorted(ratings, reverse=True)
    assert lines(result.stdout)[-1] == "page 1 of 1, 5 courses"

    second = run_cli(api.url, "search", "ai agents", "--page", "2")
    assert lines(second.stdout)[-1] == "page 2 of 2, 13 courses"
    assert len(lines(second.stdout)) == 2 + 1 + 1  # heading, rule, one course, summary


def test_search_with_no_match_says_so(api: ApiServer) -> None:
    result = run_cli(api.url, "search", "zzzzzzz")

    assert (result.returncode, result.stdout.strip()) == (0, "No courses match.")


def test_an_unknown_level_is_refused_by_the_command_line_itself(api: ApiServer) -> None:
    result = run_cli(api.url, "search", "ai", "--level", "expert")

    assert result.returncode == 2
    assert "argument --level: invalid choice: 'expert'" in result.stderr
    assert result.stdout == ""


def test_an_unknown_category_prints_the_apis_message_and_exits_1(api: ApiServer) -> None:
    result = run_cli(api.url, "search", "ai", "--category", "underwater-basket-weaving")

    assert result.returncode == 1
    assert result.stderr == "error: category: Unknown category 'underwater-basket-weaving'.\n"
    assert result.stdout == ""


def test_enroll_prints_the_same_confirmation_for_a_new_and_an_enrolled_email(
    api: ApiServer,
) -> None:
    email = f"ada.{uuid.uuid4().hex[:8]}@example.com"
    arguments = ("enroll", AGENTS_SLUG, "--name", "Ada Lovelace", "--email", email)

    first, again = run_cli(api.url, *arguments), run_cli(api.url, *arguments)

    assert first.returncode == again.returncode == 0, first.stderr
    assert first.stdout == f"Ada Lovelace <{email}> is enrolled on {AGENTS_SLUG}.\n"
    assert again.stdout == first.stdout


def test_enroll_with_bad_input_prints_one_line_per_bad_field(api: ApiServer) -> None:
    result = run_cli(api.url, "enroll", AGENTS_SLUG, "--name", " ", "--email", "ada@")

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: name: Name is required.",
        "error: email: Enter a valid email address, like ada@example.com.",
    ]


def test_course_prints_the_course_details(api: ApiServer) -> None:
    result = run_cli(api.url, "course", AGENTS_SLUG)

    assert result.returncode == 0, result.stderr
    output = lines(result.stdout)
    assert output[0] == AGENTS_COURSE
    assert "Instructor  Priya Raman" in output
    assert "Price       $84.99" in output
    assert f"Slug        {AGENTS_SLUG}" in output


def test_an_unknown_course_prints_one_error_line(api: ApiServer) -> None:
    result = run_cli(api.url, "course", "underwater-basket-weaving")

    assert result.returncode == 1
    assert result.stderr == (
        "error: No course with slug 'underwater-basket-weaving'. (404 Not Found)\n"
    )


def test_categories_prints_each_category_with_its_count(api: ApiServer, client: Client) -> None:
    result = run_cli(api.url, "categories")

    assert result.returncode == 0, result.stderr
    rows = lines(result.stdout)[2:]
    expected = client.categories()
    assert len(rows) == len(expected)
    for row, category in zip(rows, expected, strict=True):
        assert row.split() == [*category.name.split(), str(category.course_count), category.slug]


def test_the_api_flag_wins_over_the_environment(api: ApiServer, unused_address: str) -> None:
    result = run_cli(unused_address, "categories", "--api", api.url)

    assert result.returncode == 0, result.stderr
    assert "ai-machine-learning" in result.stdout


def test_with_the_api_down_the_cli_says_it_cannot_reach_it(unused_address: str) -> None:
    result = run_cli(unused_address, "search", "ai agents")

    assert result.returncode == 1
    assert result.stderr.startswith(f"error: Cannot reach the API at {unused_address}.")
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_course_text_that_looks_like_markup_is_printed_as_it_is() -> None:
    # Rich would read "[bold red]" as styling and "[/]" as an error; API text is only text.
    title = "[bold red]Hacked[/] [link=https://evil.example]click[/link] <b>x</b>"
    course = Course(
        slug="odd-title",
        title=title,
        headline="",
        description="",
        category=CategoryRef(name="Design", slug="design"),
        level="beginner",
        instructor="[/]",
        price=0,
        rating=4.0,
        review_count=0,
        student_count=0,
        language="English",
        hours=1,
        tags=(),
        published=date(2025, 1, 1),
    )
    page = CoursePage(items=(course,), total=1, page=1, per_page=12, pages=1)
    out = StringIO()

    console = Console(file=out, width=200)
    console.print(search_results(page))
    console.print(course_details(course))

    assert out.getvalue().count(title) == 2
    assert "Instructor  [/]" in out.getvalue()
