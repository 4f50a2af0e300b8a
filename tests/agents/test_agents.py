"""The story: one student's task, done by an agent with CourseHub's tools and by one that scrapes.

Both agents run as programs, as `make agent` and `make agent-scrape` run them, against the real
servers. On the shipped data they give the same answer, the API agent's transcript is the same
on every run, and each step's bytes are what the service really sent. After the monolith's
redesign only the scraping agent fails; with the API down, the API agent says how to start it.
"""

import subprocess

import pytest
import requests

from tests.agents.helpers import ANSWER, Run, Running, port, run_agent
from tests.support.environment import clean_environment
from tests.support.ports import unused_address
from tests.support.processes import REPO_ROOT

FIRST, NEXT = (
    "prompt-engineering-for-agents-and-llm-workflows",
    "langchain-and-langgraph-stateful-agents-in-practice",
)


@pytest.fixture(scope="module")
def api_agent(running: Running) -> Run:
    return run_agent("api_agent", **running.environment())


@pytest.fixture(scope="module")
def api_agent_again(running: Running) -> Run:
    """A second run, later in the session (after the redesigned monolith has served pages)."""
    return run_agent("api_agent", **running.environment())


@pytest.fixture(scope="module")
def scraping_agent(running: Running) -> Run:
    return run_agent("scraping_agent", MONOLITH_URL=running.monolith.url)


def test_the_api_agent_finds_a_beginner_course_under_50_and_what_to_take_next(
    api_agent: Run,
) -> None:
    assert api_agent.status == 0, api_agent.stderr
    calls = [line for line in api_agent.lines if line.startswith("[")]
    assert calls == [
        "[1] list the tools",
        '[2] search_courses {"q": "ai agents", "level": "beginner", "max_price": 50, '
        '"sort": "rating"}',
        f'[3] similar_courses {{"slug": "{FIRST}", "k": 4}}',
        f'[4] get_course {{"slug": "{NEXT}"}}',
    ]
    assert f"    => {FIRST}: the best rated taught in English" in api_agent.lines
    assert api_agent.lines[-4:-1] == ANSWER
    assert api_agent.lines[-1] == f"Read {sum(api_agent.bytes_read()):,} bytes of JSON in 4 steps."


def test_the_api_agents_transcript_is_the_same_on_every_run(
    api_agent: Run, api_agent_again: Run
) -> None:
    assert api_agent_again.lines == api_agent.lines


def test_each_step_of_the_api_agent_read_what_the_service_sent(
    running: Running, api_agent: Run
) -> None:
    search = {"q": "ai agents", "level": "beginner", "max_price": 50, "sort": "rating"}
    api = f"{running.api.url}/api/v1"
    searched = requests.get(f"{api}/courses", params=search, timeout=10).content
    course = requests.get(f"{api}/courses/{NEXT}", timeout=10).content

    listed, search_bytes, similar_bytes, course_bytes = api_agent.bytes_read()
    assert (search_bytes, course_bytes) == (len(searched), len(course))
    assert 0 < similar_bytes < search_bytes < listed  # the tool list is the biggest read


def test_the_scraping_agent_gives_the_same_answer_after_reading_far_more_bytes(
    api_agent: Run, scraping_agent: Run
) -> None:
    assert scraping_agent.status == 0, scraping_agent.lines
    assert scraping_agent.lines[-4:-1] == ANSWER
    html, json = sum(scraping_agent.bytes_read()), sum(api_agent.bytes_read())
    assert len(scraping_agent.bytes_read()) == 5
    assert html > 3 * json, f"{html:,} bytes of HTML, {json:,} bytes of JSON"


def test_after_the_redesign_the_scraping_agent_fails_and_the_api_agent_does_not(
    running: Running, api_agent: Run, api_agent_again: Run
) -> None:
    scraped = run_agent("scraping_agent", "--site", running.redesigned_monolith.url)

    results = (
        f"{running.redesigned_monolith.url}/?q=ai+agents&category=&level=beginner"
        "&max_price=50&min_rating=&sort=rating"
    )
    assert scraped.status == 1
    assert scraped.lines[-2] == (
        f"FAILED: Found no course cards (article.course-card) on {results}: the page is not "
        "the one this agent was written for."
    )
    assert api_agent_again.status == 0
    assert api_agent_again.lines[-4:-1] == ANSWER


def test_with_the_api_down_the_api_agent_stops_and_says_how_to_start_it(
    running: Running,
) -> None:
    down = unused_address()
    stopped = run_agent("api_agent", **running.environment(API_URL=down))

    assert stopped.status == 1
    assert stopped.lines[-2] == (
        "FAILED: search_courses answered with an error: "
        f"The catalog API at {down} is not answering; start it with `make api`."
    )


def test_make_agent_does_the_task_with_the_ports_make_was_given(
    running: Running, api_agent: Run
) -> None:
    ports = [f"API_PORT={port(running.api.url)}", f"ML_PORT={port(running.ml.url)}"]
    result = subprocess.run(
        ["make", "-s", "--no-print-directory", "-o", ".venv/.installed-stamp", "agent", *ports],
        cwd=REPO_ROOT,
        # ML_URL too would override ML_PORT: only make's ports say where the services are.
        env={k: v for k, v in clean_environment().items() if k != "ML_URL"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == api_agent.lines
