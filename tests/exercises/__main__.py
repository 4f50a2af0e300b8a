"""`make check`, `make solution` and `make reset-exercise`: the learner's side of the exercises.

What this teaches: a check is only useful if it talks like a teacher. Every outcome is one
plain sentence; an error raised by the learner's own code is reported with its file and line,
not as a traceback.
"""

import subprocess
import sys
import traceback
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from tests.exercises.registry import REPO_ROOT, Check, NotDone, all_checks, files_of, find

console = Console(highlight=False)


def outcome(check: Check) -> tuple[bool, str]:
    """(done?, what to tell the learner)."""
    try:
        return True, check.run()
    except NotDone as missing:
        return False, str(missing)
    except Exception as error:  # the learner's code failed: say where, in one line
        return False, f"your code raised {type(error).__name__}: {error}{_where(error)}"


def _where(error: Exception) -> str:
    ours = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.startswith(str(REPO_ROOT)) and "/tests/" not in frame.filename
    ]
    if not ours:
        return ""
    frame = ours[-1]
    return f" (in {frame.filename.removeprefix(str(REPO_ROOT) + '/')}, line {frame.lineno})"


def check_one(exercise_id: str) -> int:
    check = find(exercise_id)
    if check is None:
        return unknown(exercise_id)
    done, message = outcome(check)
    title = f"{check.exercise.id} {check.exercise.title}"
    if done:
        console.print(f"[green]✓ {title}: done.[/] {message}")
        return 0
    console.print(f"[red]✗ {title}: not done yet.[/] {message}")
    console.print(
        f"  Hints are in lessons/{check.exercise.lesson}; `make solution EX={exercise_id}`"
    )
    return 1


def check_all() -> int:
    table = Table(title="Exercises (make check EX=<id> for one, with what is missing)")
    for column in ("", "exercise", "lesson", "what to do"):
        table.add_column(column)
    for check in all_checks():
        done, _ = outcome(check)
        mark = "[green]✓ done[/]" if done else "[yellow]· to do[/]"
        exercise = check.exercise
        table.add_row(mark, exercise.id, exercise.lesson.removesuffix(".md"), exercise.title)
    console.print(table)
    return 0


def show_solution(exercise_id: str) -> int:
    check = find(exercise_id)
    if check is None:
        return unknown(exercise_id)
    patch = check.exercise.solution
    console.print(patch.read_text(encoding="utf-8"), markup=False, soft_wrap=True)
    console.print(
        f"This is the reference solution of {exercise_id}, as a patch. To apply it:\n"
        f"  git apply {patch.relative_to(REPO_ROOT)}\n"
        f"and to go back: make reset-exercise EX={exercise_id}"
    )
    return 0


def reset(exercise_id: str) -> int:
    check = find(exercise_id)
    if check is None:
        return unknown(exercise_id)
    changed, created = files_of(check.exercise.solution)
    if changed:
        subprocess.run(["git", "checkout", "HEAD", "--", *changed], cwd=REPO_ROOT, check=True)
    for name in created:
        (REPO_ROOT / name).unlink(missing_ok=True)
    console.print(
        f"Put back, as in your last commit: {', '.join(changed) or 'nothing'}; "
        f"removed: {', '.join(created) or 'nothing'}."
    )
    return 0


def unknown(exercise_id: str) -> int:
    known = ", ".join(check.exercise.id for check in all_checks())
    console.print(f"[red]There is no exercise {exercise_id!r}.[/] The exercises: {known}.")
    return 2


def main(argv: Sequence[str]) -> int:
    command, *rest = argv or ["check"]
    exercise_id = rest[0].strip() if rest and rest[0].strip() else None
    if command == "check":
        return check_one(exercise_id) if exercise_id else check_all()
    if command in ("solution", "reset") and exercise_id is None:
        target = "solution" if command == "solution" else "reset-exercise"
        console.print(f"Say which exercise: make {target} EX=04.1")
        return 2
    if command == "solution" and exercise_id:
        return show_solution(exercise_id)
    if command == "reset" and exercise_id:
        return reset(exercise_id)
    console.print("Usage: python -m tests.exercises check [EX] | solution EX | reset EX")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
