"""Exercise 01.1: give the monolith a JSON route for one course."""

from tests.exercises.registry import Exercise, expect
from tests.exercises.support import monolith

EXERCISE = Exercise(
    "01.1", "A JSON route in the monolith: GET /courses/<slug>.json", "01-the-monolith.md"
)

SLUG = "build-ai-agents-with-python-from-zero-to-your-first-agent"
FIELDS = {"slug", "title", "level", "price", "rating", "category"}


def check() -> str:
    with monolith() as client:
        response = client.get(f"/courses/{SLUG}.json")
        expect(
            response.status_code == 200,
            f"GET /courses/{SLUG}.json answers {response.status_code}: the monolith has no such "
            "route yet. Add one to monolith/views/courses.py.",
        )
        expect(
            response.is_json,
            f"GET /courses/{SLUG}.json answers {response.content_type}, not JSON: return a dict "
            "(Flask sends it as JSON) instead of rendering a template.",
        )
        course = response.get_json()
        missing = FIELDS - set(course)
        expect(not missing, f"The JSON has no {', '.join(sorted(missing))} yet.")
        expect(course["slug"] == SLUG, f"The JSON's slug is {course['slug']!r}, not {SLUG!r}.")
        expect(
            isinstance(course["price"], int | float) and course["price"] == 84.99,
            f"price is {course['price']!r}: give it as a number of dollars, 84.99.",
        )
        expect(
            course["category"] == "AI & Machine Learning",
            f"category is {course['category']!r}: give the category's name.",
        )
        unknown = client.get("/courses/no-such-course.json")
        expect(
            unknown.status_code == 404,
            f"GET /courses/no-such-course.json answers {unknown.status_code}, not 404.",
        )
        leak = client.get(f"/courses/{SLUG}.json").get_data(as_text=True)
        expect("email" not in leak, "The JSON mentions emails: enrollments are private.")
    return f"GET /courses/{SLUG}.json answers the course as JSON, and an unknown slug a 404."
