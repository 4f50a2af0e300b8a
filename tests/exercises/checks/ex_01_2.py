"""Exercise 01.2: a page per instructor, built the monolith way (view, query, template)."""

import json
import re
from html import unescape

from tests.exercises.registry import Exercise, expect
from tests.exercises.support import DATASET, monolith

EXERCISE = Exercise(
    "01.2",
    "A page per instructor: /instructors/<name>, linked from each course page",
    "01-the-monolith.md",
)

INSTRUCTOR = "Priya Raman"
COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"  # one of hers
GUESS = "/instructors/Priya%20Raman"  # where the page is, if the course page does not say
UNKNOWN = "/instructors/Nobody%20Atall"
LINK = re.compile(r'<a\s[^>]*href="(/instructors/[^"?#]+)"')
COURSE_LINK = re.compile(r'href="/courses/([^"/?#]+)"')
# The parity suite and the partners' scraper read the name as a scraper would: from here.
SHOWN_NAME = re.compile(r'class="course-instructor">([^<]*)<')


def _her_courses() -> dict[str, str]:
    courses = json.loads(DATASET.read_text(encoding="utf-8"))
    return {c["slug"]: c["title"] for c in courses if c["instructor"] == INSTRUCTOR}


def check() -> str:
    expected = _her_courses()
    with monolith() as client:
        course_page = client.get(f"/courses/{COURSE}").get_data(as_text=True)
        link = LINK.search(course_page)
        address = unescape(link[1]) if link else GUESS
        page = client.get(address)
        expect(
            page.status_code == 200,
            f"GET {address} answers {page.status_code}: there is no instructor page yet. Add a "
            "view for /instructors/<name> (in monolith/views/catalog.py, say), a query for the "
            "instructor's courses and a template to show them.",
        )
        listed = set(COURSE_LINK.findall(page.get_data(as_text=True)))
        missing = [title for slug, title in expected.items() if slug not in listed]
        expect(
            not missing,
            f"GET {address} answers 200, but does not link to these courses of {INSTRUCTOR}'s "
            f"yet: {'; '.join(missing)}. Link each to its page, /courses/<slug>.",
        )
        others = sorted(listed - set(expected))
        expect(
            not others,
            f"GET {address} also links to courses {INSTRUCTOR} does not teach: "
            f"{', '.join(others)}. List only hers.",
        )
        expect(
            link is not None,
            f"The instructor page works, but the course page /courses/{COURSE} does not link "
            "to it yet: make the instructor's name a link in monolith/templates/course.html.",
        )
        shown = SHOWN_NAME.search(course_page)
        expect(
            shown is not None and unescape(shown[1]) == INSTRUCTOR,
            f'The course page no longer contains class="course-instructor">{INSTRUCTOR}<, the '
            "very text the parity suite (tests/parity) looks for to read the instructor's name, "
            "as a scraper would. Keep that class as the last attribute of the tag right around "
            f'the name: <a href="..." class="course-instructor">{INSTRUCTOR}</a>.',
        )
        unknown = client.get(UNKNOWN)
        expect(
            unknown.status_code == 404,
            f"GET {UNKNOWN} answers {unknown.status_code}: an instructor with no courses on "
            "CourseHub should get the 404 page.",
        )
    return (
        f"{address} lists the {len(expected)} courses of {INSTRUCTOR}, her course pages "
        "link to it, and an unknown instructor gets a 404."
    )
