"""`recommend` and `similar` on the command line, run as a learner runs them, against the
real ML service: `python -m decoupled.client recommend "I want to build AI agents"`."""

import subprocess
import sys
from io import StringIO

from rich.console import Console

from decoupled.client import MLClient, Recommendation
from decoupled.client.tables import recommendations_table
from tests.decoupled.client.servers import (
    AGENTS_COURSE,
    AGENTS_SLUG,
    ApiServer,
)
from tests.support.commands import run
from tests.support.environment import clean_environment

HEADING = ["#", "Title", "Level", "Score", "Slug"]


def run_cli(*arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """The CLI with these environment variables (ML_URL, API_URL), its output not a terminal."""
    command = [sys.executable, "-m", "decoupled.client", *arguments]
    return run(command, clean_environment(**environment), timeout=60)


def table_rows(output: str) -> list[list[str]]:
    """Each row of the table, split into words, after the heading and its rule."""
    lines = [line.split() for line in output.splitlines() if line.strip()]
    assert lines[0] == HEADING, output
    return lines[2:]


def as_row(rank: int, course: Recommendation) -> list[str]:
    return [str(rank), *course.title.split(), course.level, f"{course.score:.4f}", course.slug]


def test_recommend_ai_agents_prints_a_ranked_table_with_the_agents_courses(
    ml: str, ml_client: MLClient
) -> None:
    result = run_cli("recommend", "I want to build AI agents", ML_URL=ml)

    assert result.returncode == 0, result.stderr
    rows = table_rows(result.stdout)
    expected = ml_client.recommend("I want to build AI agents")
    assert rows == [as_row(rank, course) for rank, course in enumerate(expected, start=1)]
    assert len(rows) == 5
    assert AGENTS_COURSE in [course.title for course in expected[:2]]
    assert result.stderr == ""


def test_recommend_with_a_level_and_k_prints_that_many_at_that_level(ml: str) -> None:
    result = run_cli(
        "recommend", "I want to build AI agents", "--level", "beginner", "-k", "3", ML_URL=ml
    )

    assert result.returncode == 0, result.stderr
    rows = table_rows(result.stdout)
    assert [row[0] for row in rows] == ["1", "2", "3"]
    assert all("beginner" in row for row in rows)


def test_similar_prints_the_courses_like_this_one(ml: str, ml_client: MLClient) -> None:
    result = run_cli("similar", AGENTS_SLUG, ML_URL=ml)

    assert result.returncode == 0, result.stderr
    expected = ml_client.similar(AGENTS_SLUG)
    rows = table_rows(result.stdout)
    assert rows == [as_row(rank, course) for rank, course in enumerate(expected, start=1)]
    assert AGENTS_SLUG not in result.stdout


def test_the_ml_flag_wins_over_the_environment(ml: str, unused_address: str) -> None:
    result = run_cli("similar", AGENTS_SLUG, "-k", "2", "--ml", ml, ML_URL=unused_address)

    assert result.returncode == 0, result.stderr
    assert len(table_rows(result.stdout)) == 2


def test_an_unknown_course_prints_the_services_message_and_exits_1(ml: str) -> None:
    result = run_cli("similar", "underwater-basket-weaving", ML_URL=ml)

    assert result.returncode == 1
    assert result.stderr == (
        "error: No course with slug 'underwater-basket-weaving'. (404 Not Found)\n"
    )
    assert result.stdout == ""


def test_too_long_interests_and_a_k_out_of_range_print_one_line_per_field(ml: str) -> None:
    result = run_cli("recommend", "a" * 501, "-k", "21", ML_URL=ml)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: interests: Describe your interests in 1 to 500 characters, not only spaces.",
        "error: k: k must be a whole number from 1 to 20.",
    ]


def test_with_the_ml_service_down_recommend_says_so_and_search_still_works(
    api: ApiServer, unused_address: str
) -> None:
    down = {"ML_URL": unused_address, "API_URL": api.url}

    recommend = run_cli("recommend", "I want to build AI agents", **down)
    search = run_cli("search", "ai agents", **down)

    assert recommend.returncode == 1
    assert recommend.stderr == (
        f"error: Cannot reach the ML service at {unused_address}. Is it running? (make ml)\n"
    )
    assert search.returncode == 0, search.stderr
    assert AGENTS_SLUG in search.stdout


def test_a_recommended_title_that_looks_like_markup_is_printed_as_it_is() -> None:
    title = "[bold red]Hacked[/] <b>x</b>"
    course = Recommendation(
        slug="odd-title",
        title=title,
        level="beginner",
        price=0,
        rating=4.0,
        category="[/]",
        score=0.5,
    )
    out = StringIO()

    Console(file=out, width=200).print(recommendations_table([course], empty="none"))

    assert title in out.getvalue()
    assert " [/] " not in out.getvalue()  # the category is not a column


def test_when_nothing_fits_the_cli_says_so_instead_of_an_empty_table(ml: str) -> None:
    result = run_cli("recommend", "zzqx qqzz", ML_URL=ml)

    assert (result.returncode, result.stdout) == (0, "No courses fit these interests.\n")
