"""`make train`: deterministic artifacts, a complete metadata file, and safe loading."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

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


# --- a metadata.json or an artifact that is not what `make train` writes ----------------------


def rewrite_metadata(folder: Path, change: Any) -> None:
    path = folder / "metadata.json"
    path.write_text(json.dumps(change(json.loads(path.read_text()))))


def replace_artifact(folder: Path, file: str, data: bytes) -> None:
    """Put `data` in `file`, and its hash in metadata.json: as a careful tamperer would."""
    (folder / file).write_bytes(data)
    rewrite_metadata(folder, lambda m: m | {"artifacts": m["artifacts"] | {file: sha256(data)}})


def sha256(data: bytes) -> str:
    return artifacts.sha256(data)


def npz(**arrays: np.ndarray) -> bytes:
    return artifacts.encode_arrays(arrays)


def without(key: str) -> Any:
    return lambda metadata: {k: v for k, v in metadata.items() if k != key}


METADATA_CHANGES = {
    "artifacts-a-list": lambda m: m | {"artifacts": sorted(m["artifacts"])},
    "artifacts-text": lambda m: m | {"artifacts": "catalog.json"},
    "artifacts-null": lambda m: m | {"artifacts": None},
    "a-hash-that-is-a-number": lambda m: m | {"artifacts": dict.fromkeys(m["artifacts"], 1)},
    "no-artifacts": without("artifacts"),
    "no-trained-at": without("trained_at"),
    "no-evaluation": without("evaluation"),
    "version-a-number": lambda m: m | {"version": 1},
    "evaluation-text": lambda m: m | {"evaluation": "good"},
    "trained-at-not-a-date": lambda m: m | {"trained_at": "yesterday"},
}


@pytest.mark.parametrize("change", METADATA_CHANGES.values(), ids=METADATA_CHANGES.keys())
def test_a_malformed_metadata_file_is_refused_in_one_line_that_says_run_make_train(
    copied_models, change
):
    folder = copied_models / "content"
    rewrite_metadata(folder, change)

    with pytest.raises(ArtifactError) as refused:
        load_model(copied_models, "content")

    message = str(refused.value)
    assert message.startswith(f"{folder / 'metadata.json'} is not what make train writes (")
    assert message.endswith("); run make train")
    assert "\n" not in message


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b'{"model": "content", ', "is not valid JSON"),
        (b"\xff\xfe", "is not valid JSON"),
        (b'["content", "1"]', "is not what make train writes (not a JSON object)"),
        (b'{"model": "content", "evaluation": {"ndcg_at_5": NaN}}', "is not valid JSON"),
    ],
    ids=["cut-short", "not-text", "a-list", "nan"],
)
def test_a_metadata_file_that_is_not_a_json_object_is_refused(copied_models, content, why):
    path = copied_models / "popularity" / "metadata.json"
    path.write_bytes(content)

    with pytest.raises(ArtifactError, match=f"^{re.escape(f'{path} {why}')}.*; run make train$"):
        load_model(copied_models, "popularity")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf], ids=["nan", "inf", "minus-inf"])
def test_popularity_scores_that_are_not_numbers_are_refused_even_with_a_matching_hash(
    copied_models, bad
):
    folder = copied_models / "popularity"
    scores = np.load(folder / "scores.npz")["scores"].copy()
    scores[7] = bad
    replace_artifact(folder, "scores.npz", npz(scores=scores))

    with pytest.raises(ArtifactError) as refused:
        load_model(copied_models, "popularity")

    assert str(refused.value) == (
        f"Refusing to load {folder}: scores.npz holds numbers that are not finite (NaN or "
        "infinity) in `scores`; run make train"
    )


@pytest.mark.parametrize("array", ["data", "idf"])
def test_content_vectors_holding_nan_are_refused_even_with_a_matching_hash(copied_models, array):
    # Before: NaN vectors loaded, and every request was answered with an empty list.
    folder = copied_models / "content"
    with np.load(folder / "vectors.npz") as stored:
        arrays = {name: stored[name] for name in stored.files}
    arrays[array] = np.full_like(arrays[array], np.nan)
    replace_artifact(folder, "vectors.npz", npz(**arrays))

    with pytest.raises(
        ArtifactError, match=f"vectors.npz holds numbers that are not finite .*`{array}`"
    ):
        load_model(copied_models, "content")


def test_a_catalog_with_a_nan_price_is_refused_even_with_a_matching_hash(copied_models):
    # Python's json reads NaN, which is not JSON; the answer's schema would then fail on
    # every request that includes this course (a 500).
    folder = copied_models / "popularity"
    catalog = json.loads((folder / "catalog.json").read_text())
    catalog[0]["price"] = float("nan")
    replace_artifact(folder, "catalog.json", json.dumps(catalog).encode())

    with pytest.raises(ArtifactError) as refused:
        load_model(copied_models, "popularity")

    assert str(refused.value) == (
        f"Refusing to load {folder}: catalog.json is not valid JSON (NaN is not a number in "
        "JSON); run make train"
    )


@pytest.mark.parametrize("name", sorted(MODELS))
def test_arrays_that_do_not_fit_the_catalog_are_refused(copied_models, name):
    # One course fewer in the arrays than in the catalog: the last course would have no
    # score, and every request that reaches it would fail.
    folder = copied_models / name
    if name == "content":
        with np.load(folder / "vectors.npz") as stored:
            arrays = {key: stored[key] for key in stored.files}
        arrays["indptr"] = arrays["indptr"][:-1]
        arrays["shape"] = arrays["shape"] - [1, 0]
        end = arrays["indptr"][-1]
        arrays["data"], arrays["indices"] = arrays["data"][:end], arrays["indices"][:end]
        replace_artifact(folder, "vectors.npz", npz(**arrays))
    else:
        scores = np.load(folder / "scores.npz")["scores"]
        replace_artifact(folder, "scores.npz", npz(scores=scores[:-1]))

    with pytest.raises(ArtifactError, match="do not fit together; run make train$"):
        load_model(copied_models, name)
