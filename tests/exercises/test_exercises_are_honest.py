"""Every exercise's check is honest: it fails on the starting code and passes on the solution.

For each exercise, in a temporary copy of the repository: `make check EX=...` must say "not
done yet" (so a learner who has done nothing is never told they are done), then, once the
reference solution in lessons/solutions/ is applied with `git apply`, it must say "done" (so
the check asks for nothing the solution does not do). `.ci/run` goes further: the whole suite
passes with every solution applied.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.exercises.registry import REPO_ROOT, Check, all_checks

CHECKS = all_checks()


def _copy_of_the_repository(folder: Path) -> Path:
    """The repository's files as they are now (tracked and new, not ignored), without .git."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    copy = folder / "repo"
    for name in filter(None, listed.split("\0")):
        source = REPO_ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    return copy


def _check(copy: Path, exercise_id: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.exercises", "check", exercise_id],
        cwd=copy,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", "HOME": str(copy)},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is needed to copy the repository and apply the solutions")
    return _copy_of_the_repository(tmp_path_factory.mktemp("pristine"))


def test_there_are_exercises_and_each_has_its_solution():
    assert CHECKS
    for check in CHECKS:
        assert check.exercise.solution.is_file(), f"no {check.exercise.solution}"
        assert (REPO_ROOT / "lessons" / check.exercise.lesson).is_file(), check.exercise.lesson


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.exercise.id)
def test_the_check_fails_on_the_starting_code_and_passes_with_the_solution(
    check: Check, pristine: Path, tmp_path: Path
):
    copy = tmp_path / "repo"
    shutil.copytree(pristine, copy)
    exercise = check.exercise

    before = _check(copy, exercise.id)
    assert before.returncode == 1, before.stdout + before.stderr
    assert "not done yet" in before.stdout, before.stdout
    assert "Traceback" not in before.stdout + before.stderr

    applied = subprocess.run(
        ["git", "apply", "--whitespace=nowarn", str(exercise.solution)],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert applied.returncode == 0, f"the solution does not apply:\n{applied.stderr}"

    after = _check(copy, exercise.id)
    assert after.returncode == 0, after.stdout + after.stderr
    assert ": done." in after.stdout, after.stdout
