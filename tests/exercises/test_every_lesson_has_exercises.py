"""Every lesson from 01 on asks the learner to write code: a "Your turn" section with at least
two exercises, each of which `make check` knows, and every exercise is in its lesson."""

import re
from pathlib import Path

import pytest

from tests.exercises.registry import REPO_ROOT, all_checks

LESSONS = sorted(
    page
    for page in (REPO_ROOT / "lessons").glob("[0-9][0-9]-*.md")
    if not page.name.startswith("00-") and "-deep-dive" not in page.name
)
EXERCISES = {check.exercise.id: check.exercise for check in all_checks()}


def _your_turn(page: Path) -> str:
    match = re.search(r"^## Your turn\n(.*?)(?=^## |\Z)", page.read_text("utf-8"), re.M | re.S)
    return match[1] if match else ""


@pytest.mark.parametrize("page", LESSONS, ids=lambda page: page.name)
def test_a_lesson_ends_with_at_least_two_exercises_that_make_check_knows(page: Path):
    section = _your_turn(page)
    assert section, f"lessons/{page.name} has no '## Your turn' section"
    listed = re.findall(r"^### Exercise (\d\d\.\d+): ", section, re.M)
    assert len(listed) >= 2, f"lessons/{page.name} lists {len(listed)} exercises"
    for exercise_id in listed:
        assert exercise_id in EXERCISES, f"`make check EX={exercise_id}` knows no such exercise"
        assert EXERCISES[exercise_id].lesson == page.name
        assert exercise_id.startswith(page.name[:2] + ".")
    assert "<summary>" in section, "each exercise gets a hint in a <details> block"


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_every_exercise_is_set_in_its_lesson(exercise_id: str):
    lesson = REPO_ROOT / "lessons" / EXERCISES[exercise_id].lesson
    assert f"### Exercise {exercise_id}: " in _your_turn(lesson)
