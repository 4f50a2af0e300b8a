"""The map of the repository in the lessons says which folders exist; it must stay true.

Lesson 00 has a table of folders whose last column is "here" or "to come". The project grows
while the lessons are read, so this test fails the day a folder "to come" arrives (or a folder
"here" goes away), naming the lesson line to update along with its diagram and recap.
"""

import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
MAP_ROW = re.compile(r"^\|\s*`(?P<path>[^`]+)`\s*\|.*\|\s*(?P<status>here|to come)\s*\|\s*$")


def map_rows() -> list[tuple[str, int, str, str]]:
    """(lesson, line number, path, status) for every row of a repository map in the lessons."""
    rows = []
    for lesson in sorted((REPO_ROOT / "lessons").glob("*.md")):
        lines = lesson.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if match := MAP_ROW.match(line):
                rows.append((lesson.name, number, match["path"], match["status"]))
    return rows


ROWS = map_rows()


def test_lesson_00_has_a_map_of_the_repository() -> None:
    assert any(lesson.startswith("00-") for lesson, *_ in ROWS)


@pytest.mark.parametrize(
    ("lesson", "line", "path", "status"), ROWS, ids=[f"{row[0]}:{row[2]}" for row in ROWS]
)
def test_the_map_says_which_folders_exist(lesson: str, line: int, path: str, status: str) -> None:
    exists = (REPO_ROOT / path).exists()
    if status == "here":
        assert exists, f"lessons/{lesson} line {line}: the map says {path} is here; it is not"
    else:
        assert not exists, (
            f"lessons/{lesson} line {line}: the map says {path} is still to come, but it has "
            "arrived. Update the map, the diagram and the recap of that lesson."
        )
