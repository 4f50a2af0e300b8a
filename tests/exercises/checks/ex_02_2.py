"""Exercise 02.2: a script that says clearly when the API is not there or answers an error."""

from tests.exercises.checks.live_api import (
    Run,
    catalog_api,
    get_json,
    run_script,
    script_exists,
)
from tests.exercises.registry import Exercise, expect
from tests.support.ports import free_port

EXERCISE = Exercise(
    "02.2",
    "Fail clearly when the API is down or says no: partners/course_price.py",
    "02-what-is-an-api.md",
)

MODULE = "partners.course_price"
SLUG = "build-ai-agents-with-python-from-zero-to-your-first-agent"
TITLE = "Build AI Agents with Python: From Zero to Your First Agent"
UNKNOWN = "no-such-course"


def _fails_clearly(run: Run, command: str, should_say: str) -> None:
    expect(
        "Traceback" not in run.output,
        f"{command} crashed with a traceback ({run.last_words}): catch the error and print "
        f"one sentence instead, saying {should_say}.",
    )
    expect(
        run.returncode == 1,
        f"{command} exits with status {run.returncode}: exit with 1, so that whatever runs "
        "the script (a shell, a nightly job) knows it failed.",
    )


def check() -> str:
    script_exists(MODULE, "with a main() that prints the price and title of the course named")
    with catalog_api() as api_url:
        command = f"API_URL={api_url} python -m {MODULE}"
        known = run_script(MODULE, api_url, SLUG)
        expect(
            known.returncode == 0 and "84.99" in known.stdout and TITLE in known.stdout,
            f"{command} {SLUG} should print 84.99 and {TITLE!r} and exit with 0; it exited "
            f"with {known.returncode} and said: {known.last_words}",
        )
        _, problem = get_json(f"{api_url}/api/v1/courses/{UNKNOWN}")
        unknown = run_script(MODULE, api_url, UNKNOWN)
    detail = problem["detail"]
    _fails_clearly(unknown, f"{command} {UNKNOWN}", f"what the API said: {detail!r}")
    expect(
        detail in unknown.output,
        f"{command} {UNKNOWN} exits with 1 but does not pass on what the API said. The API "
        f"answered 404 with a problem whose detail is {detail!r}; the script said: "
        f"{unknown.last_words}",
    )

    nowhere = f"127.0.0.1:{free_port()}"
    down = run_script(MODULE, f"http://{nowhere}", SLUG)
    command = f"API_URL=http://{nowhere} python -m {MODULE} {SLUG}"
    _fails_clearly(down, command, f"that nothing answers at http://{nowhere}")
    expect(
        nowhere in down.output,
        f"{command} (where nothing listens) exits with 1 but does not say where it looked: "
        f"name the address, http://{nowhere}, so the user can see what to start or fix. "
        f"It said: {down.last_words}",
    )
    return (
        "partners/course_price.py prints a course's price; for an unknown course it passes on "
        "the API's own words, and with no API it names the address; both exit with status 1."
    )
