"""How `make test` shares the tests among several processes (pytest-xdist, `-n auto`).

pytest-xdist starts one pytest per core and hands each test to whichever is free. Two rules
keep that fast and complete:

* A test that uses programs a folder's conftest.py starts once for the whole session (its
  servers, a browser) runs in the same process as the folder's other tests that use them: they
  share an `xdist_group` (`--dist loadgroup`), so the programs start once, not once per process.
* Every test has an id of its own. pytest-xdist hands out tests by id: of two tests with one
  id, it would run one and silently drop the other. So the run stops at once if two share one.

This module is a pytest plugin (tests/conftest.py loads it). Run without `-n`, the groups
change nothing.
"""

from collections import Counter

import pytest

# Each folder whose conftest.py starts programs for the whole session, and the fixtures that
# start them (a test that uses one, even through another fixture, joins the folder's group).
SESSION_PROGRAMS: dict[str, set[str]] = {
    "agents": {"running"},  # the catalog API, the ML service and two monoliths
    "decoupled/client": {"api", "ml"},  # the catalog API and the ML service
    "e2e": {"servers"},  # every program (Chromium starts once per file: tests/e2e/conftest.py)
    "lessons": {"servers"},  # the programs lessons' commands talk to, started by make
    "partners": {"servers"},  # two monoliths (one redesigned) and the catalog API
}


def session_group(item: pytest.Item) -> str | None:
    """The folder of tests/ whose session-wide programs `item` uses, if it uses any."""
    tests = item.config.rootpath / "tests"
    if not item.path.is_relative_to(tests):
        return None
    folder = item.path.parent.relative_to(tests).as_posix()
    for programs_folder, fixtures in SESSION_PROGRAMS.items():
        in_folder = folder == programs_folder or folder.startswith(programs_folder + "/")
        if in_folder and fixtures & set(getattr(item, "fixturenames", ())):
            return programs_folder
    return None


def duplicate_ids(items: list[pytest.Item]) -> list[str]:
    return sorted(nodeid for nodeid, count in Counter(i.nodeid for i in items).items() if count > 1)


# First, so that pytest-xdist's own hook, which reads the groups, sees them.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    shared = duplicate_ids(items)
    if shared:
        raise pytest.UsageError(
            f"{len(shared)} ids are each shared by several tests, so that pytest-xdist would "
            f"run only one of each (a plugin that names its tests differently?): {shared[:3]}"
        )
    for item in items:
        group = session_group(item)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
