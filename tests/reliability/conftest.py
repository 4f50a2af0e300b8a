"""Fixtures for the load and fault battery: the recommender, trained once for the whole run.

The monolith loads the model into its own process and the ML service serves it, both from
the files `make train` writes; here they are the ones trained once for the whole run
(tests/conftest.py), so that a monolith under load renders its "students also liked" as it
does in production.
"""

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def model_dir(trained_models: Path) -> Path:
    return trained_models
