"""The monolith's own ranking at scale: on a generated catalog of 30,000 courses, the k best are
exactly what a full sort gives, ties included.

`monolith.recommend.ranking` sorts only the rows that can make the top k (numpy's argpartition
finds them); the risk is at the edge, where several rows tie with the k-th best score and a full
sort keeps those first by slug. The reference is that full sort, in plain Python.
"""

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bench.catalog import generate
from monolith.recommend.ranking import Ranker

SIZE = 30_000
DATASET = Path(__file__).resolve().parents[2] / "data" / "courses.json"


@pytest.fixture(scope="module")
def ranker() -> Ranker:
    """The catalog as `make train` writes it (catalog.json's rows), here in no particular order."""
    records = generate(SIZE, json.loads(DATASET.read_text(encoding="utf-8")))
    rows = [
        {key: record[key] for key in ("slug", "title", "level", "price", "rating")}
        | {"category": record["category"]["name"]}
        for record in records
    ]
    return Ranker(rows)


def full_sort(ranker: Ranker, scores: np.ndarray, allowed: np.ndarray, k: int) -> list[Any]:
    rows = sorted(np.flatnonzero(allowed), key=lambda i: (-scores[i], ranker.courses[i]["slug"]))
    return [(ranker.courses[i]["slug"], round(float(scores[i]), 4)) for i in rows[:k]]


def test_the_best_k_are_the_full_sorts_first_k_ties_included(ranker: Ranker) -> None:
    rng = np.random.default_rng(9)
    n = len(ranker.courses)
    ratings = np.array([course["rating"] for course in ranker.courses])
    scores = {
        "ratings (many ties)": ratings,
        "coarse": rng.integers(0, 8, size=n).astype(np.float64),
        "all equal": np.full(n, 0.5),
        "distinct": rng.random(n),
    }
    masks = {
        "everything": np.ones(n, dtype=bool),
        "advanced": ranker.at_level("advanced"),
        "one in a hundred": rng.random(n) < 0.01,
        "two rows": np.isin(np.arange(n), [3, 20_000]),
        "none": np.zeros(n, dtype=bool),
    }
    for score_name, score in scores.items():
        for mask_name, allowed in masks.items():
            for k in (1, 4, 5, 100):
                got = [(r.slug, r.score) for r in ranker.best(score, allowed, k)]
                assert got == full_sort(ranker, score, allowed, k), (score_name, mask_name, k)
