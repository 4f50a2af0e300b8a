"""`top_k` at scale: on a generated catalog of 30,000 courses, the k best are exactly what a full
sort gives, ties included.

`top_k` sorts only the courses that can make the top k (numpy's argpartition finds them), so
the risk is at the edge: several courses tied with the k-th best score, of which the full sort
keeps those first by slug. The reference below is the full sort `top_k` used to be; the scores
include the popularity model's own (equal ratings and review counts tie) and coarse ones where
thousands of courses share each score.
"""

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bench.catalog import generate
from decoupled.ml.popularity import PopularityModel
from decoupled.ml.recommender import Catalog, CourseCard, top_k

SIZE = 30_000
DATASET = Path(__file__).resolve().parents[3] / "data" / "courses.json"


def full_sort(catalog: Catalog, scores: np.ndarray, allowed: np.ndarray, k: int) -> list[Any]:
    """Every allowed course sorted by score (highest first), then slug: the first k."""
    ranked = sorted(np.flatnonzero(allowed), key=lambda i: (-scores[i], catalog.cards[i].slug))
    return [(catalog.cards[i].slug, float(scores[i])) for i in ranked[:k]]


@pytest.fixture(scope="module")
def courses() -> list[dict[str, Any]]:
    return generate(SIZE, json.loads(DATASET.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def catalogs(courses: list[dict[str, Any]]) -> dict[str, Catalog]:
    in_slug_order = Catalog.from_courses(courses)
    shuffled = list(in_slug_order.cards)
    np.random.default_rng(3).shuffle(shuffled)  # type: ignore[arg-type]
    return {"in slug order": in_slug_order, "shuffled": Catalog(shuffled)}


def _scores(catalog: Catalog, courses: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    by_slug = {course["slug"]: course for course in courses}
    popularity = PopularityModel.fit([by_slug[card.slug] for card in catalog.cards]).scores
    rng = np.random.default_rng(5)
    return {
        "popularity": popularity,
        "coarse": rng.integers(0, 8, size=len(catalog.cards)).astype(np.float64),
        "all equal": np.full(len(catalog.cards), 0.5),
        "distinct": rng.random(len(catalog.cards)),
    }


@pytest.mark.parametrize("order", ["in slug order", "shuffled"])
def test_top_k_is_the_full_sorts_top_k_ties_included(catalogs, courses, order):
    catalog = catalogs[order]
    rng = np.random.default_rng(7)
    masks = {
        "everything": np.ones(len(catalog.cards), dtype=bool),
        "beginners": catalog.with_level("beginner"),
        "one in a hundred": rng.random(len(catalog.cards)) < 0.01,
        "three courses": np.isin(np.arange(len(catalog.cards)), [5, 17, 29_000]),
        "none": np.zeros(len(catalog.cards), dtype=bool),
    }
    checked = 0
    for score_name, scores in _scores(catalog, courses).items():
        for mask_name, allowed in masks.items():
            for k in (1, 5, 100):
                got = [(s.course.slug, s.score) for s in top_k(catalog, scores, allowed, k)]
                want = full_sort(catalog, scores, allowed, k)
                assert got == want, f"{score_name} scores, {mask_name}, k={k}"
                checked += bool(want)
    assert checked == 4 * 4 * 3  # every case but "none" had courses to rank


def test_the_popularity_scores_of_the_generated_catalog_do_tie(catalogs, courses):
    # What the test above must meet: courses with equal scores (equal ratings and reviews).
    scores = _scores(catalogs["in slug order"], courses)["popularity"]
    assert len(np.unique(scores)) < len(scores) * 0.9


def test_a_catalog_of_cards_breaks_ties_by_slug_whatever_their_order():
    cards = [
        CourseCard(slug=slug, title=slug, level="beginner", price=0, rating=4, category="x")
        for slug in ("c", "a", "d", "b")
    ]
    scores = np.array([1.0, 1.0, 2.0, 1.0])
    ranked = top_k(Catalog(cards), scores, np.ones(4, dtype=bool), 3)
    assert [s.course.slug for s in ranked] == ["d", "a", "b"]
