"""Exercise 05.1: `search --json`, so the Python client's answer can feed another program."""

import json
from typing import Any

from tests.exercises.checks.live_api import Run, catalog_api, get_json, run_script
from tests.exercises.registry import Exercise, NotDone, expect

EXERCISE = Exercise(
    "05.1", "A --json option for the client's search, for other programs", "05-separate-clients.md"
)

SEARCH = ["search", "ai agents", "--level", "beginner", "--json"]
SHOWN = 'search "ai agents" --level beginner --json'


def _courses(printed: str) -> list[dict[str, Any]]:
    """The courses in what the client printed: a page ({"items": [...]}) or a bare list."""
    try:
        body = json.loads(printed)
    except json.JSONDecodeError as error:
        line = printed.splitlines()[error.lineno - 1] if printed.strip() else ""
        raise NotDone(
            f"`{SHOWN}` does not print JSON ({error.msg.removesuffix(' at')} in line "
            f"{error.lineno}: {line[:60]!r}). Print the JSON alone, with print(): rich's "
            "console wraps long lines and adds colours, and a table is for people."
        ) from None
    courses = body.get("items") if isinstance(body, dict) else body
    expect(
        isinstance(courses, list) and all(isinstance(course, dict) for course in courses),
        f"`{SHOWN}` prints JSON without the courses: print the page (its `items`, `total`...)"
        " or the list of courses.",
    )
    return courses


def check() -> str:
    with catalog_api() as url:
        _, from_api = get_json(f"{url}/api/v1/courses?q=ai+agents&level=beginner")
        ran: Run = run_script("decoupled.client", url, *SEARCH)
    problem = ran.stderr.strip().splitlines()[-1] if ran.stderr.strip() else ""
    expect(
        not (ran.returncode == 2 and "--json" in ran.stderr),
        "The search command has no --json option yet: add one in decoupled/client/cli.py "
        f"(the client said: {problem}).",
    )
    expect(ran.returncode == 0, f"`{SHOWN}` ended with exit code {ran.returncode}: {problem}")
    courses = _courses(ran.stdout)
    wanted = [course["slug"] for course in from_api["items"]]
    printed = [course.get("slug") for course in courses]
    expect(
        printed == wanted,
        f"`{SHOWN}` prints the slugs {printed}; the API answers {wanted}.",
    )
    missing = {"title", "price", "level"} - set(courses[0])
    expect(
        not missing,
        f"Each course in the JSON should carry its fields; {', '.join(sorted(missing))} missing.",
    )
    return (
        f"`{SHOWN}` prints the page as JSON, the same {len(wanted)} courses as the API, "
        "ready for another program (python3 -m json.tool, jq, a script)."
    )
