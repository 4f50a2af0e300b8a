"""Recommendations inside the monolith: the trained model, loaded into the Flask process.

`make train` (the ML side of the repository) writes the model as plain files: JSON and NumPy
arrays, with a `metadata.json` that records each file's SHA-256. The monolith reads those same
files (data, never code: the twins share no code) and answers two questions with its own code,
the maths from scikit-learn as in the ML service:

    recommend(interests, level, k)   the courses that best fit a student's own words
    similar(slug, k)                 "students who liked this also liked"

One job per module: `artifacts.py` reads and checks the files, `ranking.py` ranks (the k best,
ties in slug order), `content.py` and `popularity.py` are the two models, and this module wires
the chosen one into Flask. `MONOLITH_MODEL` picks the model (`content`, the default, or
`popularity`) and `MONOLITH_MODEL_DIR` where its files are (default `var/models/`).

What this couples together, compared with the ML service of `decoupled/ml/`:

* **Every web worker carries the model.** `create_app()` loads it, so each worker process holds
  its own copy in memory and pays the load time before it serves its first page. Ten workers,
  ten copies; a bigger model slows every start-up and every deploy of the web app.
* **Only the monolith's own pages can reach it.** The model answers Python calls inside this
  process and nothing else: no mobile app, partner or other service can ask it anything.
* **A model problem is an app problem.** A new model ships as a new release of the whole web
  app, and a heavy or broken model lives in the process that serves the catalog. Here the files
  are checked at start-up: if they are missing, changed, unreadable, not shaped as `make train`
  writes them, or hold a number that is not finite (NaN, infinity), the app logs one warning
  and serves the catalog anyway, and the recommendation areas say they are unavailable.

The answers are exactly the ML service's: same courses, same order (equal scores in slug order),
same filters, scores rounded to 4 decimals. `tests/parity/` checks it for both models.
"""

import time
import zipfile
from pathlib import Path

from flask import Flask, current_app

from monolith.recommend.artifacts import ModelUnavailable, read_verified
from monolith.recommend.content import ContentRecommender
from monolith.recommend.popularity import PopularityRecommender
from monolith.recommend.ranking import Recommendation, Recommender

__all__ = [
    "SIMILAR_ON_COURSE_PAGE",
    "ModelUnavailable",
    "Recommendation",
    "Recommender",
    "get_recommender",
    "init_app",
    "load",
]

MODELS = {"content": ContentRecommender, "popularity": PopularityRecommender}
SIMILAR_ON_COURSE_PAGE = 4
_EXTENSION = "coursehub_recommender"


def load(model_dir: Path, name: str) -> Recommender:
    """Model `name` from `model_dir/<name>/`, verified; ModelUnavailable if it cannot be used."""
    folder = model_dir / name
    files = read_verified(folder, name)
    try:
        return MODELS[name](files)
    except (ValueError, KeyError, TypeError, IndexError, OSError, zipfile.BadZipFile) as exc:
        # e.g. NumPy refusing an object array: reading it would need pickle, so it never loads.
        raise ModelUnavailable(f"refusing to load {folder}: {exc}; run make train") from exc


def init_app(app: Flask) -> None:
    """Load the model into this process, once, when the app is created."""
    name = app.config["RECOMMENDER_MODEL"]
    if name not in MODELS:
        raise ValueError(f"MONOLITH_MODEL must be one of {', '.join(MODELS)}, not {name!r}")
    started = time.perf_counter()
    try:
        model: Recommender | None = load(Path(app.config["RECOMMENDER_DIR"]), name)
    except ModelUnavailable as exc:
        app.logger.warning("Recommendations are unavailable: %s", exc)
        model = None
    else:
        milliseconds = (time.perf_counter() - started) * 1000
        app.logger.info("Loaded the %s recommender in %.0f ms", name, milliseconds)
    app.extensions[_EXTENSION] = model


def get_recommender() -> Recommender | None:
    """The model loaded at start-up, or None when recommendations are unavailable."""
    return current_app.extensions.get(_EXTENSION)
