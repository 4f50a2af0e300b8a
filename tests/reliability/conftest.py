"""Fixtures for the load and fault battery: the recommender, trained once for the whole run.

The monolith loads the model into its own process and the ML service serves it, both from
the files `make train` writes; here they are written once, into a temporary folder, so that a
monolith under load renders its "students also liked" as it does in production.
"""

from pathlib import Path

import pytest

from tests.e2e.servers import training


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with training(tmp_path_factory.mktemp("model")) as trained:
        return trained()
