"""Exercise 02.1: be a program that uses the API: the five cheapest beginner AI courses."""

from typing import Any

from tests.exercises.checks.live_api import catalog_api, get_json, run_script, script_exists
from tests.exercises.registry import Exercise, expect

EXERCISE = Exercise(
    "02.1",
    "Use the API from a script: partners/cheapest_ai_courses.py",
    "02-what-is-an-api.md",
)

MODULE = "partners.cheapest_ai_courses"
SEARCH = "/api/v1/courses?q=ai&category=ai-machine-learning&level=beginner&sort=price_asc"
# The check's API has this course cheaper than the real one, so a script that asked an API
# other than the one at API_URL (yours on port 8000, say) prints another list.
PRICE_CUT = ("ai-agents-for-business-automation", 14.99)


def _cut_the_price(courses: list[dict[str, Any]]) -> None:
    slug, price = PRICE_CUT
    next(course for course in courses if course["slug"] == slug)["price"] = price


def check() -> str:
    script_exists(MODULE, "with a main() that prints the five cheapest beginner AI courses")
    with catalog_api(_cut_the_price) as api_url:
        _, answer = get_json(f"{api_url}{SEARCH}&per_page=5")
        expected = [f"{course['price']:.2f}  {course['title']}" for course in answer["items"]]
        run = run_script(MODULE, api_url)
    command = f"API_URL={api_url} python -m {MODULE}"
    expect(
        run.returncode == 0,
        f"{command} failed (exit status {run.returncode}): {run.last_words}",
    )
    expect(
        run.lines,
        f'{command} printed nothing: does the file call main() under `if __name__ == "__main__":`?',
    )
    wanted = "\n    ".join(expected)
    expect(
        len(run.lines) == len(expected),
        f"{command} printed {len(run.lines)} lines; it should print {len(expected)}, one per "
        f"course, cheapest first:\n    {wanted}",
    )
    for number, (line, course) in enumerate(zip(run.lines, answer["items"], strict=True), 1):
        price = f"{course['price']:.2f}"
        expect(
            course["title"] in line and price in line,
            f"Line {number} is {line!r}; it should give the price {price} and the title "
            f"{course['title']!r}. The whole list, from the API at API_URL (the check's "
            f"own, where {PRICE_CUT[0]} costs {PRICE_CUT[1]}):\n    {wanted}",
        )
    return (
        "partners/cheapest_ai_courses.py asks the API at API_URL and prints its five cheapest "
        "beginner AI courses, cheapest first."
    )
