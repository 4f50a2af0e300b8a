"""Fixtures for the ML service's tests: both models trained once, into a temporary folder.

`model_dir` runs the real training (the code behind `make train`) once per test session;
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
from decoupled.ml.train import train

PROBLEM_JSON = "application/problem+json"
ALLOWED_ORIGINS = ["http://localhost:3000", "http://127.0.0.1:3000"]
DEFAULTS = Settings()


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("models")
    train(DEFAULTS.data_file, DEFAULTS.queries_file, folder)
    return folder


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


def _assert_problem(response: Any, status: int, *fields: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert "Traceback" not in response.text
    if fields:
        assert sorted(error["field"] for error in body["errors"]) == sorted(fields)
    return body


@pytest.fixture
def assert_problem() -> Callable[..., dict[str, Any]]:
    """`assert_problem(response, 422, "k")`: an RFC 9457 problem, these fields named."""
    return _assert_problem
