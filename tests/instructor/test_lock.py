"""requirements.lock, which `make setup` installs, holds everything pyproject.toml asks for.

pyproject.toml says which packages CourseHub needs, as ranges; the lock pins each of them, and
each package they need in turn, at the version the test suite passed with. A dependency added
to pyproject.toml without `make lock` would be missing after a fresh `make setup` (pip installs
the lock, then the project with --no-deps): this test names it first.
"""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO_ROOT = Path(__file__).resolve().parents[2]
# Each entry opens with `name==version`, then maybe `; marker`; the lines after it hold hashes.
LOCKED = re.compile(r"^(?P<name>[A-Za-z0-9][\w.-]*)==(?P<version>[^\s;\\]+)", re.MULTILINE)


def locked_versions() -> dict[str, set[str]]:
    """Package -> its versions in the lock (two when an older Python needs another one)."""
    text = (REPO_ROOT / "requirements.lock").read_text(encoding="utf-8")
    versions: dict[str, set[str]] = {}
    for entry in LOCKED.finditer(text):
        versions.setdefault(canonicalize_name(entry["name"]), set()).add(entry["version"])
    return versions


def asked_for() -> list[Requirement]:
    """pyproject.toml's dependencies and the dev extras, all of which `make setup` installs."""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return [Requirement(line) for line in lines]


def test_the_lock_pins_every_dependency_inside_the_range_pyproject_gives() -> None:
    locked = locked_versions()
    problems = []
    for wanted in asked_for():
        versions = locked.get(canonicalize_name(wanted.name), set())
        if not versions:
            problems.append(f"{wanted}: not in the lock")
        for version in sorted(versions):
            if not wanted.specifier.contains(version, prereleases=True):
                problems.append(f"{wanted}: locked at {version}")

    assert len(locked) > len(asked_for())  # their own dependencies are locked too
    assert not problems, f"requirements.lock is behind pyproject.toml; run make lock: {problems}"
