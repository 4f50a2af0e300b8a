"""Recommendations inside the monolith: the trained model, loaded into the Flask process.

`make train` (the ML side of the repository) writes the model as plain files: JSON and NumPy
arrays, with a `metadata.json` that records each file's SHA-256. The monolith reads those same
files (data, never code: the twins share no code) and answers two questions with its own small
implementation of the maths:

    recommend(interests, level, k)   the courses that best fit a student's own words
    similar(slug, k)                 "students who liked this also liked"

`MONOLITH_MODEL` picks the model (`content`, the default, or `popularity`) and
`MONOLITH_MODEL_DIR` where its files are (default `var/models/`).

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

import hashlib
import io
import json
import math
import re
import time
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from flask import Flask, current_app
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.preprocessing import normalize

MODELS = ("content", "popularity")
# The artifact format this code reads; `make train` writes the same number into metadata.json.
FORMAT_VERSION = "1"
# Only these files are ever opened: metadata.json cannot point anywhere else.
FILES = {
    "content": ("catalog.json", "vocabulary.json", "vectors.npz"),
    "popularity": ("catalog.json", "scores.npz"),
}
METADATA = "metadata.json"
SIMILAR_ON_COURSE_PAGE = 4
_EXTENSION = "coursehub_recommender"


class ModelUnavailable(Exception):
    """The model's files cannot be used. The message says which file, why, and what to do."""


@dataclass(frozen=True)
class Recommendation:
    """A recommended course, as the model knows it, and how well it fits (higher is better)."""

    slug: str
    title: str
    category: str
    level: str
    price: float
    rating: float
    score: float  # rounded to 4 decimals, as the ML service shows it


class Recommender(Protocol):
    name: str

    def recommend(self, interests: str, level: str | None, k: int) -> list[Recommendation]: ...

    def similar(self, slug: str, k: int) -> list[Recommendation]: ...


# --- reading the files ----------------------------------------------------------------------------


def _finite(text: str) -> float:
    number = float(text)  # 1e999 is a valid JSON number, and infinity as a float
    if not math.isfinite(number):
        raise ValueError(f"{text} is not a finite number")
    return number


def _not_json(name: str) -> float:
    raise ValueError(f"{name} is not a number in JSON")


def decode_json(data: bytes) -> Any:
    """JSON as the standard has it. Python's `json` also reads NaN and Infinity, which JSON has
    not: a NaN rating or score is no error until it is compared or shown, and then it is wrong."""
    return json.loads(data, parse_constant=_not_json, parse_float=_finite)


def metadata_problem(metadata: Any) -> str | None:
    """What makes `metadata` unlike the fields the monolith reads from it, or None."""
    if not isinstance(metadata, dict):
        return "not a JSON object"
    for key in ("model", "version"):
        if not isinstance(metadata.get(key), str):
            return f"{key} should be text"
    recorded = metadata.get("artifacts")
    if not isinstance(recorded, dict) or not all(isinstance(h, str) for h in recorded.values()):
        return "artifacts should map each file to its sha256"
    return None


def read_verified(folder: Path, name: str) -> dict[str, bytes]:
    """The bytes of model `name`'s files in `folder`, each checked against metadata.json."""
    try:
        metadata = decode_json((folder / METADATA).read_bytes())
    except FileNotFoundError:
        raise ModelUnavailable(f"no trained model in {folder}; run make train") from None
    except ValueError:  # UnicodeDecodeError is one too
        raise ModelUnavailable(f"{folder / METADATA} is not valid JSON; run make train") from None
    except OSError as exc:
        raise ModelUnavailable(f"cannot read {folder / METADATA}: {exc.strerror}") from None
    if problem := metadata_problem(metadata):
        raise ModelUnavailable(
            f"{folder / METADATA} is not what make train writes ({problem}); run make train"
        )
    if metadata["model"] != name or metadata["version"] != FORMAT_VERSION:
        raise ModelUnavailable(
            f"{folder} holds {metadata['model']} version {metadata['version']}, the "
            f"monolith reads {name} version {FORMAT_VERSION}; run make train"
        )
    recorded = metadata["artifacts"]
    files = {}
    for file in FILES[name]:
        path = folder / file
        if not path.is_file():
            raise ModelUnavailable(f"refusing to load {path}: it is missing; run make train")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ModelUnavailable(f"cannot read {path}: {exc.strerror}") from None
        if hashlib.sha256(data).hexdigest() != recorded.get(file):
            raise ModelUnavailable(
                f"refusing to load {path}: it does not match its sha256 in {METADATA}; "
                "run make train"
            )
        files[file] = data
    return files


def _json(files: dict[str, bytes], file: str) -> Any:
    try:
        return decode_json(files[file])
    except ValueError as exc:
        raise ValueError(f"{file} is not valid JSON ({exc})") from exc


def _arrays(file: str, data: bytes) -> dict[str, np.ndarray]:
    # allow_pickle=False: NumPy refuses anything but plain arrays, so no file can run code.
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        arrays = {key: npz[key] for key in npz.files}
    for key, array in arrays.items():
        # A NaN score is never above zero: the model would load, and never recommend anything.
        if array.dtype.kind in "fc" and not np.isfinite(array).all():
            raise ValueError(
                f"{file} holds numbers that are not finite (NaN or infinity) in `{key}`"
            )
    return arrays


# --- the two models -------------------------------------------------------------------------------


class _Ranker:
    """The courses the model knows (row `i` of every array is `courses[i]`), and the ranking."""

    name = ""

    def __init__(self, courses: list[dict[str, Any]]) -> None:
        self.courses = courses
        self.row_of = {course["slug"]: i for i, course in enumerate(courses)}
        self.levels = np.array([course["level"] for course in courses])
        slugs = np.array([course["slug"] for course in courses])
        self.slug_order = np.argsort(np.argsort(slugs, kind="stable"), kind="stable")

    def best(self, scores: np.ndarray, allowed: np.ndarray, k: int) -> list[Recommendation]:
        """The `k` allowed rows with the highest scores; equal scores in slug order.

        Only the rows that can make the top k are sorted: `np.argpartition` finds k of the
        best in one pass, the k-th best score is the bar, and every row at or above it (ties
        with the k-th included) is sorted. At 100,000 courses, sorting them all took 31 ms.
        """
        rows = np.flatnonzero(allowed)
        if k <= 0 or rows.size == 0:
            return []
        if k < rows.size:
            bar = scores[rows[np.argpartition(-scores[rows], k - 1)[:k]]].min()
            rows = rows[scores[rows] >= bar]
        # lexsort sorts by its last key first: score (highest first), then slug.
        ranked = rows[np.lexsort((self.slug_order[rows], -scores[rows]))][:k]
        return [self._recommendation(int(i), float(scores[i])) for i in ranked]

    def at_level(self, level: str | None) -> np.ndarray:
        return np.ones(len(self.courses), dtype=bool) if level is None else self.levels == level

    def others(self, slug: str) -> np.ndarray | None:
        """Every course but `slug`, or None when the model does not know `slug`."""
        if slug not in self.row_of:
            return None
        mask = np.ones(len(self.courses), dtype=bool)
        mask[self.row_of[slug]] = False
        return mask

    def _recommendation(self, row: int, score: float) -> Recommendation:
        course = self.courses[row]
        return Recommendation(
            slug=course["slug"],
            title=course["title"],
            category=course["category"],
            level=course["level"],
            price=course["price"],
            rating=course["rating"],
            score=round(score, 4),
        )


_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # words of two or more letters or digits


def terms(text: str) -> list[str]:
    """The words and word pairs of `text` that the content model counts.

    Lowercase, accents removed ("Análisis" -> "analisis"), runs of two or more word
    characters, common English words dropped, then each pair of neighbouring words.
    """
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = [word for word in _TOKEN.findall(text) if word not in ENGLISH_STOP_WORDS]
    return words + [f"{first} {second}" for first, second in zip(words, words[1:], strict=False)]


class ContentRecommender(_Ranker):
    """TF-IDF: the courses whose words best match the student's words, by cosine similarity.

    Training stored each course as a row of unit length (a sparse matrix), the vocabulary (a
    term per column) and each term's IDF weight. A text becomes a row the same way: for each
    known term, (1 + log of its count) times its IDF, then scaled to unit length. The dot
    product of two unit rows is their cosine: 0 (nothing in common) to 1.
    """

    name = "content"

    def __init__(self, files: dict[str, bytes]) -> None:
        super().__init__(_json(files, "catalog.json"))
        vocabulary = _json(files, "vocabulary.json")
        arrays = _arrays("vectors.npz", files["vectors.npz"])
        self.column_of = {term: column for column, term in enumerate(vocabulary)}
        self.idf = arrays["idf"]
        rows, columns = (int(n) for n in arrays["shape"])
        self.vectors = csr_matrix(
            (arrays["data"], arrays["indices"], arrays["indptr"]), shape=(rows, columns)
        )
        if rows != len(self.courses) or columns != len(vocabulary) or len(self.idf) != columns:
            raise ValueError("the catalog, vocabulary and vectors do not fit together")

    def text_vector(self, text: str) -> np.ndarray | None:
        counts = Counter(self.column_of[t] for t in terms(text) if t in self.column_of)
        if not counts:
            return None
        columns = np.array(sorted(counts))
        weights = np.log(np.array([counts[c] for c in columns], dtype=np.float64)) + 1.0
        weights *= self.idf[columns]
        row = csr_matrix((weights, columns, [0, len(columns)]), shape=(1, len(self.idf)))
        return normalize(row).toarray().ravel()  # unit length (L2)

    def _cosines(self, vector: np.ndarray, allowed: np.ndarray, k: int) -> list[Recommendation]:
        scores = self.vectors @ vector
        return self.best(scores, allowed & (scores > 0), k)  # a course must share some words

    def recommend(self, interests: str, level: str | None, k: int) -> list[Recommendation]:
        vector = self.text_vector(interests)
        return [] if vector is None else self._cosines(vector, self.at_level(level), k)

    def similar(self, slug: str, k: int) -> list[Recommendation]:
        others = self.others(slug)
        if others is None:
            return []
        return self._cosines(self.vectors[self.row_of[slug]].toarray().ravel(), others, k)


class PopularityRecommender(_Ranker):
    """The baseline: the best-loved courses (a Bayesian average rating), whatever was asked.

    "Similar" courses are the best-loved others of the same category.
    """

    name = "popularity"

    def __init__(self, files: dict[str, bytes]) -> None:
        super().__init__(_json(files, "catalog.json"))
        self.scores = _arrays("scores.npz", files["scores.npz"])["scores"]
        self.categories = np.array([course["category"] for course in self.courses])
        if self.scores.shape != (len(self.courses),):
            raise ValueError("the catalog and the scores do not fit together")

    def recommend(self, interests: str, level: str | None, k: int) -> list[Recommendation]:
        return self.best(self.scores, self.at_level(level), k)

    def similar(self, slug: str, k: int) -> list[Recommendation]:
        others = self.others(slug)
        if others is None:
            return []
        same_category = self.categories == self.categories[self.row_of[slug]]
        return self.best(self.scores, others & same_category, k)


def load(model_dir: Path, name: str) -> Recommender:
    """Model `name` from `model_dir/<name>/`, verified; ModelUnavailable if it cannot be used."""
    folder = model_dir / name
    files = read_verified(folder, name)
    try:
        if name == "content":
            return ContentRecommender(files)
        return PopularityRecommender(files)
    except (ValueError, KeyError, TypeError, IndexError, OSError, zipfile.BadZipFile) as exc:
        raise ModelUnavailable(f"refusing to load {folder}: {exc}; run make train") from exc


# --- the Flask side -------------------------------------------------------------------------------


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
