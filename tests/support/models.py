"""The recommenders, trained as `make train` trains them, into a folder of the caller's.

`python -m decoupled.ml.train` in a process of its own, with a clean environment and MODEL_DIR
set, so the tests and the scripts never depend on, or touch, var/models. The monolith loads
the folder into its own process; the ML service serves it. The test suites share one folder,
trained once per session (the `trained_models` fixture of tests/conftest.py); a test that
changes the files works on a copy.
"""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.environment import clean_environment
from tests.support.processes import start

TRAIN_TIMEOUT = 300.0  # seconds; about two on an idle machine


class TrainingFailed(RuntimeError):
    """`make train` ended with an error; the message ends with what it printed."""


@contextmanager
def training(model_dir: Path, **settings: str) -> Iterator[Callable[[], Path]]:
    """Start training both recommenders into `model_dir`, in the background.

    Yields a function that waits for the training to end and returns `model_dir`: the caller
    may start what needs no model (the catalog API seeding its database) meanwhile."""
    model_dir.mkdir(parents=True, exist_ok=True)
    program = start(
        "make train",
        [sys.executable, "-m", "decoupled.ml.train"],
        clean_environment(MODEL_DIR=str(model_dir), **settings),
        model_dir.parent / f"{model_dir.name}-train.log",
    )

    def trained() -> Path:
        if program.process.wait(timeout=TRAIN_TIMEOUT) != 0:
            raise TrainingFailed(f"training the recommenders failed:\n{program.output()}")
        return model_dir

    try:
        yield trained
    finally:
        program.stop()


def train_models(model_dir: Path, **settings: str) -> Path:
    """Both recommenders trained into `model_dir` (`settings`: DATA_FILE=... for instance)."""
    with training(model_dir, **settings) as trained:
        return trained()
