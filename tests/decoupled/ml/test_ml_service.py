"""The ML service stands alone: no database, no code of the other twin, a model loaded once
at start-up from its artifacts, and a clear refusal to start without them."""

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from fastapi.testclient import TestClient

from decoupled.ml.artifacts import ArtifactError
from decoupled.ml.config import REPO_ROOT, Settings
from decoupled.ml.content import ContentModel
from decoupled.ml.main import create_app
from decoupled.ml.popularity import PopularityModel

FORBIDDEN = ("sqlalchemy", "sqlite3", "_sqlite3", "decoupled.backend", "monolith", "flask")


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO_ROOT,
        env=os.environ | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_service_imports_no_database_code_and_nothing_of_the_other_twin(model_dir):
    # A fresh interpreter: the test process itself has imported the backend's tests too.
    result = run_python(
        f"""
        import json, sys
        from fastapi.testclient import TestClient
        from decoupled.ml.main import app

        with TestClient(app) as client:
            client.post("/v1/recommendations", json={{"interests": "sql"}}).raise_for_status()
            client.get("/v1/courses/docker-for-absolute-beginners/similar").raise_for_status()
        print(json.dumps([m for m in sys.modules if m.startswith({FORBIDDEN!r})]))
        """,
        MODEL_DIR=str(model_dir),
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_requests_never_train_or_read_the_dataset(make_app, tmp_path, monkeypatch):
    app = make_app(data_file=tmp_path / "no-such-dataset.json")
    with TestClient(app) as client:
        for model_class in (ContentModel, PopularityModel):
            monkeypatch.setattr(model_class, "fit", None)  # any call would fail
        for _ in range(3):
            answer = client.post("/v1/recommendations", json={"interests": "docker"})
            assert answer.status_code == 200
            assert answer.json()["items"]


def test_the_model_is_loaded_once_at_start_up(make_app):
    app = make_app()
    with TestClient(app) as client:
        model = app.state.model
        client.post("/v1/recommendations", json={"interests": "sql"})
        client.get("/v1/courses/docker-for-absolute-beginners/similar")
        assert app.state.model is model


def test_without_artifacts_the_app_refuses_to_start(make_app, tmp_path):
    app = make_app(model_dir=tmp_path)

    with pytest.raises(ArtifactError, match="^No model in .+; run make train$"), TestClient(app):
        pass


def test_without_artifacts_uvicorn_exits_with_one_clear_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "uvicorn", "decoupled.ml.main:app", "--port", "0"],
        cwd=tmp_path.parent,  # so the folder shows as the reader would type it
        env=os.environ | {"MODEL_DIR": tmp_path.name, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert f"ERROR:    No model in {tmp_path.name}; run make train\n" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_metadata_file_whose_artifacts_is_a_list_makes_uvicorn_exit_with_one_clear_line(
    model_dir, tmp_path
):
    models = tmp_path / "models"
    shutil.copytree(model_dir, models)
    metadata_file = models / "content" / "metadata.json"
    metadata = json.loads(metadata_file.read_text())
    metadata_file.write_text(json.dumps(metadata | {"artifacts": list(metadata["artifacts"])}))

    result = subprocess.run(
        [sys.executable, "-m", "uvicorn", "decoupled.ml.main:app", "--port", "0"],
        cwd=tmp_path,  # so the file shows as the reader would type it
        env=os.environ | {"MODEL_DIR": "models", "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert (
        "ERROR:    models/content/metadata.json is not what make train writes (artifacts: "
        "Input should be a valid dictionary); run make train\n"
    ) in result.stderr
    assert "Traceback" not in result.stderr


def test_a_tampered_model_refuses_to_start(make_app, model_dir, tmp_path):
    shutil.copytree(model_dir, tmp_path, dirs_exist_ok=True)
    catalog = tmp_path / "content" / "catalog.json"
    catalog.write_text(catalog.read_text().replace("Docker", "D0cker"))

    app = make_app(model_dir=tmp_path)
    with pytest.raises(ArtifactError, match=r"catalog\.json: it does not match"), TestClient(app):
        pass


@pytest.mark.parametrize("model", ["popularity", "content"])
def test_the_model_environment_variable_picks_the_model(model_dir, monkeypatch, model):
    monkeypatch.setenv("MODEL", model)
    monkeypatch.setenv("MODEL_DIR", str(model_dir))

    with TestClient(create_app(Settings())) as client:
        assert client.get("/v1/model").json()["model"] == model
