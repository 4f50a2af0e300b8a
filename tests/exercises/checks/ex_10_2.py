"""Exercise 10.2: `sort=students` in the catalog API, its pages read off an index, not sorted.

The check asks the API for the order and compares it with one worked out from
data/courses.json. Then it watches the SQL the API runs for `?sort=students` (SQLAlchemy's
`before_cursor_execute` event on the app's engine) and asks SQLite how it would run that very
statement, with the same values (`EXPLAIN QUERY PLAN`): reading an index in its order, or
reading every course and sorting them in a temporary B-tree for each page.
"""

import json
from functools import cache
from typing import Any

from tests.exercises.registry import Exercise, NotDone, expect
from tests.exercises.support import DATASET, catalog_api, slugs
from tests.support.statements import statements

EXERCISE = Exercise(
    "10.2", "An index for a new order: most students first", "10-performance-and-scaling.md"
)

SEARCH = "/api/v2/courses"
SORTED_BY_SQLITE = "USE TEMP B-TREE FOR"
ORDER = "The courses with the most students come first, then by slug, A to Z."


@cache
def _students() -> dict[str, int]:
    courses = json.loads(DATASET.read_text(encoding="utf-8"))
    return {course["slug"]: course["student_count"] for course in courses}


def _expected(level: str | None = None) -> list[str]:
    """Every slug in the order asked for: most students first, then slug (A to Z)."""
    courses = json.loads(DATASET.read_text(encoding="utf-8"))
    chosen = [course for course in courses if level is None or course["level"] == level]
    chosen.sort(key=lambda course: (-course["student_count"], course["slug"]))
    return [course["slug"] for course in chosen]


def _first_difference(found: list[str], expected: list[str]) -> str:
    for place, (got, wanted) in enumerate(zip(found, expected, strict=False), start=1):
        if got != wanted:
            return (
                f"course {place} is {got} ({_students().get(got, 0):,} students), where "
                f"{wanted} ({_students()[wanted]:,} students) belongs"
            )
    return f"it lists {len(found)} courses, not {len(expected)}"


def _page(api: Any, params: dict[str, Any]) -> dict[str, Any]:
    response = api.get(SEARCH, params=params)
    query = "&".join(f"{name}={value}" for name, value in params.items())
    if response.status_code == 422:
        said = response.json().get("detail", "")
        raise NotDone(
            f"GET {SEARCH}?{query} answers 422 ({said}): the API does not know the order "
            "`students` yet. Start in decoupled/backend/params.py (`Sort`, the allowed values) "
            "and search.py (`ORDERS`, what each one means in SQL)."
        )
    expect(
        response.status_code == 200,
        f"GET {SEARCH}?{query} answers {response.status_code}, not 200.",
    )
    return response.json()


def _expect_the_order(api: Any, level: str | None) -> None:
    wanted = _expected(level)
    filters = {"level": level} if level else {}
    for page in (1, 2):
        params = {"sort": "students", **filters, "page": page}
        found = slugs(_page(api, params)["items"])
        expected = wanted[(page - 1) * 12 : page * 12]
        where = f"Page {page} of ?sort=students{f'&level={level}' if level else ''}"
        expect(found == expected, f"{where}: {_first_difference(found, expected)}. {ORDER}")
    every = []
    for page in range(1, len(wanted) // 100 + 2):
        every += slugs(
            _page(api, {"sort": "students", **filters, "per_page": 100, "page": page})["items"]
        )
    expect(
        every == wanted,
        f"Read 100 at a time, ?sort=students{f'&level={level}' if level else ''}: "
        f"{_first_difference(every, wanted)}. {ORDER}",
    )


def _plan_of_a_page(api: Any) -> str:
    """SQLite's plan for the page query of ?sort=students&page=2, its steps joined by " / "."""
    engine = api.app.state.engine
    with statements(engine) as seen:
        _page(api, {"sort": "students", "page": 2})
    pages = [
        (sql, values)
        for sql, values in seen.with_parameters()
        if "LIMIT" in sql and "ORDER BY" in sql
    ]
    expect(pages, "The check saw no SELECT with ORDER BY and LIMIT for ?sort=students.")
    statement, values = pages[0]
    with engine.connect() as connection:
        explained = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", values)
        return " / ".join(row[3] for row in explained)


def check() -> str:
    with catalog_api() as api:
        _expect_the_order(api, None)
        _expect_the_order(api, "beginner")
        refused = api.get(SEARCH, params={"sort": "cheapest"}).json()
        said = " ".join(error["message"] for error in refused.get("errors", []))
        expect(
            "students" in said,
            f'?sort=cheapest is refused with "{said}": list `students` there too, so a client '
            "learns every order it may ask for (FIELD_MESSAGES in decoupled/backend/problems.py).",
        )
        plan = _plan_of_a_page(api)
    if "RIGHT PART OF ORDER BY" in plan or "LAST TERM OF ORDER BY" in plan:
        raise NotDone(
            f"SQLite reads an index, but still sorts the courses that have as many students as "
            f"each other: {plan}. The index must hold the whole ORDER BY, column for column, "
            "slug last."
        )
    expect(
        SORTED_BY_SQLITE not in plan,
        f"SQLite sorts every course for each page: {plan}. Which index would give the "
        "courses already in this order? Look at the Index lines in decoupled/backend/models.py.",
    )
    read = " / ".join(step for step in plan.split(" / ") if step.split()[1:2] == ["courses"])
    return (
        f"?sort=students lists the most followed courses first, slug breaking ties, with and "
        f"without level=beginner; each page is read off an index, in order: {read}."
    )
