"""Running make as the tests do: with a learner's clean environment (tests/support), and, for
the commands run for real, without rebuilding .venv or the model first (the tests never install
anything)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.lessons.commands.parse import REPO_ROOT
from tests.support.commands import run
from tests.support.environment import clean_environment

needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make(*arguments: str) -> subprocess.CompletedProcess[str]:
    return run(["make", *arguments], clean_environment(), timeout=60)


def makefile_text() -> str:
    return (REPO_ROOT / "Makefile").read_text(encoding="utf-8")


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([A-Za-z0-9][\w.-]*)\s*:(?!=)", makefile_text(), re.MULTILINE))


def default_goal() -> str:
    match = re.search(r"^\.DEFAULT_GOAL\s*:?=\s*(\S+)", makefile_text(), re.MULTILINE)
    assert match, "the Makefile sets no .DEFAULT_GOAL"
    return match[1]


def makefile_variable(name: str) -> str | None:
    """A simple variable of the Makefile (`NAME := value` or `?=` or `=`), $(...) expanded."""
    assignments = dict(
        re.findall(r"^([A-Za-z_]\w*)\s*[:?]?=[ \t]*(.*?)\s*$", makefile_text(), re.MULTILINE)
    )
    if name not in assignments:
        return None
    return re.sub(r"\$\((\w+)\)", lambda m: makefile_variable(m[1]) or "", assignments[name])


def venv_bin() -> tuple[str, Path]:
    """Where make runs the programs from, as the Makefile writes it (.venv/bin) and as a real
    folder: the repository's .venv, or else the virtual environment running the tests."""
    written = makefile_variable("BIN") or ".venv/bin"
    real = REPO_ROOT / written
    return written, real if real.is_dir() else Path(sys.executable).parent


def live_make(*arguments: str) -> list[str]:
    """`make ...` as the tests run it for real: with the repository's Makefile from any folder,
    the programs of the right virtual environment, and without rebuilding .venv or the model
    first (the tests never install anything)."""
    options = ["-f", str(REPO_ROOT / "Makefile"), f"BIN={venv_bin()[1]}"]
    for stamp in ("STAMP", "MODEL_STAMP"):
        if path := makefile_variable(stamp):
            options += ["-o", path]
    return ["make", *options, *arguments]
