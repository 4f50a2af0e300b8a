"""`make train`: learn both models from `data/courses.json` and write their artifacts.

What this teaches: training is a batch job, run offline, separate from serving. It reads
the dataset, fits each model, scores it on the hand-labelled queries, and writes one folder
per model under `MODEL_DIR` (default `var/models/`): the artifacts plus a `metadata.json`
saying what the model is, when and from which data it was trained (the dataset's SHA-256),
each file's SHA-256, and its evaluation figures. The service later loads a folder as it is,
and never trains or reads the dataset.

Training is deterministic: the same data and code give byte-identical artifacts; only
`trained_at` in the metadata changes.
"""

import json
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from decoupled.ml import artifacts
from decoupled.ml.config import REPO_ROOT, Settings
from decoupled.ml.evaluate import evaluate, load_queries
from decoupled.ml.models import MODELS


def dataset_path(path: Path) -> str:
    """The dataset as a repository path when it is one, so metadata reads the same anywhere."""
    try:
        return path.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


def train(data_file: Path, queries_file: Path, model_dir: Path) -> dict[str, dict[str, Any]]:
    """Train every model into `model_dir/<name>/`; return each model's metadata."""
    raw = data_file.read_bytes()
    courses = json.loads(raw)
    queries = load_queries(queries_file)
    trained_at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    written = {}
    for name, model_class in MODELS.items():
        model = model_class.fit(courses)
        metadata = {
            "model": name,
            "version": model_class.version,
            "description": model_class.description,
            "trained_at": trained_at,
            "dataset": {"file": dataset_path(data_file), "sha256": artifacts.sha256(raw)},
            "courses": len(model.catalog.cards),
            "evaluation": evaluate(model, queries),
            "libraries": {lib: version(lib) for lib in ("scikit-learn", "numpy", "scipy")},
        }
        written[name] = artifacts.save(model_dir / name, model.to_artifacts(), metadata)
    return written


def main() -> None:
    settings = Settings()
    written = train(settings.data_file, settings.queries_file, settings.model_dir)
    for name, metadata in written.items():
        figures = metadata["evaluation"]
        print(
            f"Trained {name:<10} -> {artifacts.shown(settings.model_dir / name)}  "
            f"(precision@5 {figures['precision_at_5']:.3f}, nDCG@5 {figures['ndcg_at_5']:.3f})"
        )


if __name__ == "__main__":
    main()
