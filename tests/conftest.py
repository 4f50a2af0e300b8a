"""Fixtures for every test folder: the databases (tests/support/databases.py), the trained
recommenders, and the check that an answer is an RFC 9457 problem; and how `make test` shares
the tests among processes (tests/support/parallel.py)."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.models import train_models
from tests.support.problems import assert_problem as problem_check

pytest_plugins = ["tests.support.databases", "tests.support.parallel"]


@pytest.fixture(scope="session")
def trained_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A MODEL_DIR with both recommenders, trained once for the whole run as `make train`
    does (tests/support/models.py). A test that changes its files works on a copy."""
    return train_models(tmp_path_factory.mktemp("trained") / "models")


@pytest.fixture
def assert_problem() -> Callable[..., dict[str, Any]]:
    """`assert_problem(response, 422, "page")`: an RFC 9457 problem, these fields named
    (tests/support/problems.py)."""
    return problem_check
