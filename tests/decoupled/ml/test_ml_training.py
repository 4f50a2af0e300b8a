"""`make train`: deterministic artifacts, a complete metadata file, and safe loading."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from decoupled.ml import artifacts
from decoupled.ml.artifacts import ArtifactError
from decoupled.ml.config import REPO_ROOT, Settings
from decoupled.ml.models import MODELS, load_model

EXPECTED_FILES = {
    "popularity": {"metadata.json", "catalog.json", "scores.npz"},
    "content": {"metadata.json", "catalog.json", "vocabulary.json", "vectors.npz"},
}


def run_train(model_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "decoupled.ml.train"],
        cwd=REPO_ROOT,
        env=os.environ | {"MODEL_DIR": str(model_dir)} | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.fixture
def copied_models(model_dir: Path, tmp_path: Path) -> Path:
    """A copy of the trained models that a test may damage."""
    return Path(shutil.copytree(model_dir, tmp_path / "models"))


def test_make_train_writes_one_folder_per_model(model_dir):
    for name, files in EXPECTED_FILES.items():
        assert {path.name for path in (model_dir / name).iterdir()} == files


def test_training_twice_gives_byte_identical_artifacts(model_dir, tmp_path):
    # Another process, with another string-hash seed: nothing may depend on either.
    result = run_train(tmp_path, PYTHONHASHSEED="12345")

    assert "Trained content" in result.stdout and "Trained popularity" in result.stdout
    for name, files in EXPECTED_FILES.items():
        for file in files - {"metadata.json"}:
            first, second = model_dir / name / file, tmp_path / name / file
            assert first.read_bytes() == second.read_bytes(), file
        old = json.loads((model_dir / name / "metadata.json").read_text())
        new = json.loads((tmp_path / name / "metadata.json").read_text())
        old.pop("trained_at"), new.pop("trained_at")
        assert old == new


@pytest.mark.parametrize("name", sorted(MODELS))
def test_the_metadata_says_what_the_model_is_and_where_it_came_from(model_dir, name):
    metadata = json.loads((model_dir / name / "metadata.json").read_text())
    data = Settings().data_file.read_bytes()

    assert metadata["model"] == name
    assert metadata["version"] == MODELS[name].version
    assert metadata["description"]
    assert metadata["trained_at"].endswith("Z")
    assert metadata["dataset"] == {"file": "data/courses.json", "sha256": artifacts.sha256(data)}
    assert metadata["courses"] == 256
    assert set(metadata["evaluation"]) == {"queries", "precision_at_5", "ndcg_at_5"}
    assert set(metadata["libraries"]) == {"scikit-learn", "numpy", "scipy"}
    for file, digest in metadata["artifacts"].items():
        assert artifacts.sha256((model_dir / name / file).read_bytes()) == digest


@pytest.mark.parametrize("name", sorted(MODELS))
def test_a_loaded_model_recommends_exactly_what_the_trained_one_did(model_dir, courses, name):
    trained = MODELS[name].fit(courses)
    loaded, _ = load_model(model_dir, name)

    for interests, level in [("I want to build AI agents", None), ("design a logo", "beginner")]:
        assert loaded.recommend(interests, level, 20) == trained.recommend(interests, level, 20)
    slug = "docker-for-absolute-beginners"
    assert loaded.similar(slug, 20) == trained.similar(slug, 20)


def test_a_tampered_artifact_is_refused_with_a_clear_message(copied_models):
    vectors = copied_models / "content" / "vectors.npz"
    data = bytearray(vectors.read_bytes())
    data[len(data) // 2] ^= 1  # one bit flipped, as a bad disk or a tamperer would
    vectors.write_bytes(bytes(data))

    with pytest.raises(ArtifactError, match=r"vectors\.npz: it does not match its sha256"):
        load_model(copied_models, "content")


def test_a_missing_artifact_is_refused(copied_models):
    (copied_models / "popularity" / "scores.npz").unlink()

    with pytest.raises(ArtifactError, match=r"scores\.npz: it is missing; run make train"):
        load_model(copied_models, "popularity")


def test_artifacts_of_another_model_version_are_refused(copied_models):
    metadata_file = copied_models / "content" / "metadata.json"
    metadata = json.loads(metadata_file.read_text())
    metadata_file.write_text(json.dumps(metadata | {"version": "0"}))

    with pytest.raises(ArtifactError, match="content version 0, this code reads content version"):
        load_model(copied_models, "content")


def test_a_pickle_hidden_in_an_artifact_is_never_unpickled(copied_models):
    # Even with its hash put in metadata.json, an array of Python objects needs pickle to
    # load, and np.load(allow_pickle=False) refuses it.
    folder = copied_models / "popularity"
    hostile = np.array([{"run": "os.system"}], dtype=object)
    with (folder / "scores.npz").open("wb") as file:
        np.savez(file, scores=hostile, allow_pickle=True)
    metadata = json.loads((folder / "metadata.json").read_text())
    metadata["artifacts"]["scores.npz"] = artifacts.sha256((folder / "scores.npz").read_bytes())
    (folder / "metadata.json").write_text(json.dumps(metadata))

    with pytest.raises(ArtifactError, match="allow_pickle=False"):
        load_model(copied_models, "popularity")
