"""Running make as the tests do: with a learner's clean environment, and, for the commands run
for real, without rebuilding .venv or the model first (the tests never install anything)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.lessons.commands.parse import REPO_ROOT

needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")

# The project's own settings: a learner's shell has none of them, so neither do the tests'.
PROJECT_SETTINGS = {
    "DATA_FILE",
    "DATABASE_URL",
    "CORS_ORIGINS",
    "PARTNER_RATE_LIMIT",
    "PARTNER_API_KEY",
    "API_URL",
    "ML_URL",
    "MODEL",
    "MODEL_DIR",
    "QUERIES_FILE",
}


def clean_environment(**extra: str) -> dict[str, str]:
    """The environment a learner starts with: no make recursion state, no proxy, and none of
    the project's own settings (ports, MONOLITH_*, ...), so every program runs with its
    defaults unless the test says otherwise."""
    # COLUMNS and LINES would set the width of the client's tables: keep it the same anywhere.
    dropped = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "COLUMNS", "LINES"}
    dropped |= PROJECT_SETTINGS
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in dropped
        and not name.lower().endswith("_proxy")
        and not name.endswith("_PORT")
        and not name.startswith("MONOLITH_")
    }
    environment.update(LC_ALL="C", NO_PROXY="127.0.0.1,localhost", **extra)
    return environment


def make(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", *arguments],
        cwd=REPO_ROOT,
        env=clean_environment(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


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
