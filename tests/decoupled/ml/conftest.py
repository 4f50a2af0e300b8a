"""Fixtures for the ML service's tests: both models trained once, into a temporary folder.

`model_dir` holds what the real training (`make train`) wrote, once per test session;
`make_app` builds the real FastAPI app on it with any settings; `client` is a `TestClient`
used in a `with` block, so the lifespan loads the model exactly as under uvicorn.
"""

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from decoupled.ml.config import Settings
from decoupled.ml.main import create_app

ALLOWED_ORIGINS = ["http://localhost:3000", "http://127.0.0.1:3000"]
DEFAULTS = Settings()


@pytest.fixture(scope="session")
def model_dir(trained_models: Path) -> Path:
    """Both models, trained once for the whole run (tests/conftest.py's `trained_models`)."""
    return trained_models


@pytest.fixture(scope="session")
def courses() -> list[dict[str, Any]]:
    return json.loads(DEFAULTS.data_file.read_text(encoding="utf-8"))


@pytest.fixture
def make_app(model_dir: Path) -> Callable[..., FastAPI]:
    def make(**overrides: Any) -> FastAPI:
        values: dict[str, Any] = {
            "model": "content",
            "model_dir": model_dir,
            "cors_origins": ALLOWED_ORIGINS,
        }
        return create_app(Settings(**(values | overrides)))

    return make


@pytest.fixture
def client(make_app: Callable[..., FastAPI]) -> Iterator[TestClient]:
    with TestClient(make_app()) as test_client:
        yield test_client
