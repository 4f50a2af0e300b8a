"""Every lesson page has the same shape, so a learner always knows where they are.

A page starts with how long it takes, what it needs and what it teaches; every question has a
model answer to open; it says where to look when something does not work; it ends with its key
points and a link onward. A main page reads in about 20 minutes: under 20,000 characters, the
internals in a deep dive beside it.
"""

import re
from pathlib import Path

import pytest

LESSONS_DIR = Path(__file__).resolve().parents[2] / "lessons"
PAGES = sorted(LESSONS_DIR.glob("[0-9][0-9]-*.md"))
# A deep dive sits beside its lesson: "04-x-deep-dive.md", and any more "04-x-deep-dive-y.md".
MAIN_PAGES = [page for page in PAGES if "-deep-dive" not in page.name]
DEEP_DIVES = [page for page in PAGES if page not in MAIN_PAGES]
MAX_CHARACTERS = 20_000


def _ids(page: Path) -> str:
    return page.name


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: "## 429 Too Many Requests" -> "429-too-many-requests"."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _section(text: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    return match[1] if match else ""


def test_the_course_has_its_lessons_in_order():
    numbers = [page.name[:2] for page in MAIN_PAGES]
    assert numbers == [f"{n:02d}" for n in range(len(numbers))], numbers


@pytest.mark.parametrize("page", MAIN_PAGES, ids=_ids)
def test_a_main_page_reads_in_about_twenty_minutes(page: Path):
    characters = len(page.read_text(encoding="utf-8"))
    assert characters < MAX_CHARACTERS, (
        f"lessons/{page.name} has {characters:,} characters; move internals to a deep-dive page"
    )


@pytest.mark.parametrize("page", DEEP_DIVES, ids=_ids)
def test_a_deep_dive_sits_beside_its_lesson_which_links_to_it(page: Path):
    lesson = LESSONS_DIR / (page.name.partition("-deep-dive")[0] + ".md")
    assert lesson.exists(), f"lessons/{page.name} has no lesson {lesson.name} beside it"
    assert f"]({page.name}" in lesson.read_text(encoding="utf-8"), (
        f"lessons/{lesson.name} never links to its deep dive {page.name}"
    )


@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_a_page_starts_with_its_time_needs_and_outcome(page: Path):
    title, _, rest = page.read_text(encoding="utf-8").partition("\n")
    assert re.fullmatch(r"# Lesson \d\d(, deep dive)?: .+", title), title
    block = rest.strip().split("\n\n")[0]  # the list right under the title
    header = [" ".join(item.split()) for item in re.split(r"^- ", block, flags=re.M) if item]
    assert [item.split(":**")[0] for item in header] == [
        "**Time",
        "**You need",
        "**You will be able to",
    ], header
    assert re.match(
        r"\*\*Time:\*\* about \d+ minutes to read, about \d+ minutes hands-on", header[0]
    )


@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_every_question_has_a_model_answer(page: Path):
    questions = _section(page.read_text(encoding="utf-8"), "Questions to think about")
    if not questions:
        return
    asked = len(re.findall(r"^\d+\. ", questions, re.M))
    answered = questions.count("<summary>A model answer</summary>")
    assert asked and asked == answered, f"{asked} questions, {answered} model answers"
    assert questions.count("<details>") == questions.count("</details>") == answered


@pytest.mark.parametrize("page", MAIN_PAGES, ids=_ids)
def test_a_main_page_says_where_to_look_when_it_does_not_work(page: Path):
    help_section = _section(page.read_text(encoding="utf-8"), "If it does not work")
    assert "troubleshooting.md" in help_section


@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_a_page_ends_with_key_points_and_a_link_onward(page: Path):
    text = page.read_text(encoding="utf-8")
    assert _section(text, "Key points").strip(), "no ## Key points"
    last = text.strip().splitlines()[-1]
    assert re.fullmatch(r"(Next|Back to): .*\[.+\]\([\w.-]+\.md\)\.|(Next|Back to) .+\.", last), (
        last
    )


@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_every_link_to_another_page_of_the_course_leads_somewhere(page: Path):
    text = page.read_text(encoding="utf-8")
    for target, anchor in re.findall(r"\]\(([\w.-]+\.md)(?:#([\w-]+))?\)", text):
        linked = LESSONS_DIR / target
        assert linked.exists(), f"lessons/{page.name} links to {target}, which does not exist"
        if anchor:
            headings = {
                _anchor(line.lstrip("#"))
                for line in linked.read_text(encoding="utf-8").splitlines()
                if line.startswith("#")
            }
            assert anchor in headings, f"lessons/{page.name}: no heading #{anchor} in {target}"
