"""`make test` runs the tests in one pytest per core, and still runs every test, once.

A small suite is written to a temporary folder, shaped like ours: a folder whose conftest.py
starts "servers" for the session, and tests elsewhere. It runs as `make test` runs ours, in two
processes (tests/support/parallel.py loaded as in tests/conftest.py). Each test writes down which
process ran it: every test must run, and the ones that use the servers all in one process, so
that the servers start once. (A pytest whose node ids pytest-xdist cannot group, as 9.2's, fails
here: the pin in pyproject.toml says why.)
"""

import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from tests.support.environment import clean_environment
from tests.support.parallel import duplicate_ids
from tests.support.processes import REPO_ROOT

SERVERS_CONFTEST = """
import pytest

@pytest.fixture(scope="session")
def servers():
    return "started"
"""
TEST_FILE = """
import os
import pytest

@pytest.mark.parametrize("number", range({count}))
def test_one({fixtures}number):
    with open(os.environ["RAN"], "a") as record:
        record.write(f"{{os.environ.get('PYTEST_XDIST_WORKER')}} {name} {{number}}\\n")
"""


def _write_suite(root: Path) -> None:
    root.mkdir()
    (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    for folder, name, fixtures in [
        ("e2e", "test_pages", "servers, "),
        ("e2e", "test_forms", "servers, "),
        ("e2e", "test_finder", ""),
        ("monolith", "test_search", ""),
    ]:
        (root / "tests" / folder).mkdir(parents=True, exist_ok=True)
        if fixtures:
            (root / "tests" / folder / "conftest.py").write_text(SERVERS_CONFTEST)
        test = TEST_FILE.format(count=6, fixtures=fixtures, name=f"{folder}/{name}")
        (root / "tests" / folder / f"{name}.py").write_text(test, encoding="utf-8")


def test_two_processes_run_every_test_once_and_the_servers_tests_in_one(tmp_path: Path) -> None:
    suite = tmp_path / "suite"
    _write_suite(suite)
    make_test = re.search(r"^PARALLEL := (.+)$", (REPO_ROOT / "Makefile").read_text(), re.M)
    assert make_test, "no PARALLEL := ... in the Makefile"
    parallel = make_test.group(1).replace("auto", "2").split()

    done = subprocess.run(
        [sys.executable, "-m", "pytest", *parallel, "-p", "tests.support.parallel", "-q"]
        + ["-p", "no:cacheprovider"],
        cwd=suite,
        env=clean_environment(PYTHONPATH=str(REPO_ROOT), RAN=str(tmp_path / "ran")),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    runs = [line.split() for line in (tmp_path / "ran").read_text().splitlines()]
    assert len(runs) == 24 and len({(name, number) for _, name, number in runs}) == 24
    assert {worker for worker, _, _ in runs} == {"gw0", "gw1"}  # both worked
    with_servers = {
        worker for worker, name, _ in runs if name in ("e2e/test_pages", "e2e/test_forms")
    }
    assert len(with_servers) == 1, f"the tests that use the servers ran in {with_servers}"


def test_tests_that_share_an_id_are_named_so_that_none_is_dropped() -> None:
    items = [SimpleNamespace(nodeid=nodeid) for nodeid in ("a.py::t", "a.py::t", "a.py::u")]
    assert duplicate_ids(items) == ["a.py::t"]  # type: ignore[arg-type]
    assert duplicate_ids(items[1:]) == []  # type: ignore[arg-type]
