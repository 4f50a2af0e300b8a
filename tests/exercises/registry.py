"""What an exercise is, where its check and its solution live, and how a check reports.

A check module (`checks/ex_04_1.py`) holds `EXERCISE = Exercise(...)` and `check() -> str`.
`check()` returns a sentence saying what now works, or raises `NotDone` saying, in the
learner's words, what is still missing: "GET /api/v1/courses?language=Spanish answers courses
in 4 languages: the API does not filter by `language` yet."
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.exercises import checks

REPO_ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = REPO_ROOT / "lessons" / "solutions"


class NotDone(Exception):
    """The exercise is not done yet; the message says what is missing."""


def expect(condition: object, message: str) -> None:
    """`NotDone(message)` unless the condition holds."""
    if not condition:
        raise NotDone(message)


@dataclass(frozen=True)
class Exercise:
    id: str  # "04.1": lesson 04, first exercise
    title: str
    lesson: str  # the lesson's file name, e.g. "04-the-catalog-api.md"

    @property
    def solution(self) -> Path:
        return SOLUTIONS / f"{self.id}.patch"


@dataclass(frozen=True)
class Check:
    exercise: Exercise
    run: Callable[[], str]


def all_checks() -> list[Check]:
    """Every exercise's check, in lesson order."""
    found = []
    for module in pkgutil.iter_modules(checks.__path__):
        if module.name.startswith("ex_"):
            loaded = importlib.import_module(f"{checks.__name__}.{module.name}")
            found.append(Check(loaded.EXERCISE, loaded.check))
    return sorted(found, key=lambda check: [int(part) for part in check.exercise.id.split(".")])


def find(exercise_id: str) -> Check | None:
    return next((check for check in all_checks() if check.exercise.id == exercise_id), None)


def files_of(patch: Path) -> tuple[list[str], list[str]]:
    """(files the patch changes, files it creates), from its `diff --git` headers."""
    changed: list[str] = []
    created: list[str] = []
    current = ""
    for line in patch.read_text(encoding="utf-8").splitlines():
        if line.startswith("diff --git a/"):
            current = line.split(" b/", 1)[1]
            changed.append(current)
        elif line.startswith("new file mode") and current:
            changed.remove(current)
            created.append(current)
    return changed, created
