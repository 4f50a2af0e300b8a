"""The models this service can serve, by name, and how to load one from its artifacts.

What this teaches: a registry keeps the choice of model in one place. `MODEL=content` or
`MODEL=popularity` picks an entry; training writes every entry; nothing else in the
service names a model class.
"""

from pathlib import Path
from typing import Any

from decoupled.ml import artifacts
from decoupled.ml.content import ContentModel
from decoupled.ml.popularity import PopularityModel
from decoupled.ml.recommender import Recommender

MODELS: dict[str, type[PopularityModel] | type[ContentModel]] = {
    PopularityModel.name: PopularityModel,
    ContentModel.name: ContentModel,
}


def load_model(model_dir: Path, name: str) -> tuple[Recommender, dict[str, Any]]:
    """The model `name` from `model_dir`, and its metadata; `ArtifactError` if unusable."""
    model_class = MODELS[name]
    files, metadata = artifacts.load(model_dir, name, model_class.version, model_class.ARTIFACTS)
    try:
        return model_class.from_artifacts(files), metadata
    except (ValueError, KeyError, TypeError) as exc:
        # e.g. NumPy refusing an object array: it would need pickle, so it is never loaded.
        folder = artifacts.shown(model_dir / name)
        raise artifacts.ArtifactError(f"Refusing to load {folder}: {exc}; run make train") from exc
