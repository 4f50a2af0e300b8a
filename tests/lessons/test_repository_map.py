"""The map of the repository in lesson 00 must stay true: every folder it names exists, and
every folder of the repository is on it.

The map is the table in lesson 00 whose rows start with a folder in backticks, such as
`| `monolith/` | the Flask app ... |`. A top-level folder may be on the map itself or through
its subfolders (`decoupled/backend/`, `decoupled/ml/`, ...); in that case every subfolder must
be there. Folders git ignores (var/, caches, .venv) and hidden ones are not part of the map.
The project grows while the lessons are read, so this test fails the day a folder arrives or
goes away, naming what to add to (or remove from) the map, its diagram and its recap.
"""

import fnmatch
import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
LESSON = next((REPO_ROOT / "lessons").glob("00-*.md"))
MAP_ROW = re.compile(r"^\|\s*`(?P<path>[^`]+/)`\s*\|")


def map_rows() -> list[tuple[int, str]]:
    """(line number, folder) for every row of the map in lesson 00."""
    lines = LESSON.read_text(encoding="utf-8").splitlines()
    return [
        (number, match["path"])
        for number, line in enumerate(lines, start=1)
        if (match := MAP_ROW.match(line))
    ]


def ignored_patterns() -> list[str]:
    """The folder patterns of .gitignore (`var/`, `*.egg-info/`, ...), without the slash."""
    gitignore = REPO_ROOT / ".gitignore"
    lines = gitignore.read_text(encoding="utf-8").splitlines() if gitignore.exists() else []
    return [line.strip().strip("/") for line in lines if line.strip() and line[0] != "#"]


def folders_in(folder: Path) -> list[str]:
    """The folders a reader of the repository sees in `folder`, as `path/` from the root."""
    ignored = ignored_patterns()
    return sorted(
        f"{child.relative_to(REPO_ROOT).as_posix()}/"
        for child in folder.iterdir()
        if child.is_dir()
        and not child.name.startswith(".")
        and not any(fnmatch.fnmatch(child.name, pattern) for pattern in ignored)
    )


ROWS = map_rows()
MAPPED = {path for _, path in ROWS}


def test_lesson_00_has_a_map_of_the_repository() -> None:
    assert len(ROWS) >= 5, f"{LESSON.name} has no table of folders"


@pytest.mark.parametrize(("line", "path"), ROWS, ids=[path for _, path in ROWS])
def test_every_folder_on_the_map_exists(line: int, path: str) -> None:
    assert (REPO_ROOT / path).is_dir(), (
        f"lessons/{LESSON.name} line {line}: the map names {path}, which does not exist. "
        "Update the map, the diagram and the recap of that lesson."
    )


@pytest.mark.parametrize("folder", folders_in(REPO_ROOT))
def test_every_folder_of_the_repository_is_on_the_map(folder: str) -> None:
    if folder in MAPPED:
        return
    inside = [path for path in MAPPED if path.startswith(folder)]
    assert inside, (
        f"{folder} is not on the map in lessons/{LESSON.name}. Add a row for it, and update "
        "the lesson's diagram and recap."
    )
    missing = [sub for sub in folders_in(REPO_ROOT / folder) if sub not in MAPPED]
    assert not missing, (
        f"the map in lessons/{LESSON.name} shows {folder} folder by folder, but leaves out "
        f"{', '.join(missing)}"
    )


def test_the_map_test_sees_the_folders_a_reader_sees() -> None:
    top = folders_in(REPO_ROOT)
    assert "monolith/" in top and "decoupled/" in top
    assert not {"var/", ".venv/", ".git/"} & set(top)
