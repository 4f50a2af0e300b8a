"""The baseline: recommend the best-loved courses, whatever the student asked for.

What this teaches: always measure a model against something simple. This one reads no
text. Each course gets a Bayesian average of its rating: its own stars, pulled toward the
catalog's mean rating as if it had `prior` extra reviews of that mean (the median review
count). So a 5.0 from 3 reviews does not beat a 4.8 from 40,000. "Similar" courses are the
best-loved others in the same category. If the content model cannot beat this, it is not
worth its complexity (`make evaluate` shows it can).
"""

from collections.abc import Sequence
from typing import Any, ClassVar, Self

import numpy as np

from decoupled.ml.artifacts import Artifacts, encode_arrays, encode_json
from decoupled.ml.recommender import Catalog, Scored, UnknownCourseError, top_k


class PopularityModel:
    name: ClassVar[str] = "popularity"
    version: ClassVar[str] = "1"
    description: ClassVar[str] = (
        "Baseline: the best-rated courses by Bayesian average rating (0 to 5 stars), "
        "ignoring the interests text. Similar courses: the best-rated of the same category."
    )
    ARTIFACTS: ClassVar[tuple[str, ...]] = ("catalog.json", "scores.npz")

    def __init__(self, catalog: Catalog, scores: np.ndarray) -> None:
        self.catalog = catalog
        self.scores = scores
        self.categories = np.array([card.category for card in catalog.cards])

    @classmethod
    def fit(cls, courses: Sequence[dict[str, Any]]) -> Self:
        catalog = Catalog.from_courses(courses)
        by_slug = {course["slug"]: course for course in courses}
        ordered = [by_slug[card.slug] for card in catalog.cards]
        ratings = np.array([course["rating"] for course in ordered], dtype=np.float64)
        reviews = np.array([course["review_count"] for course in ordered], dtype=np.float64)
        prior, mean = np.median(reviews), ratings.mean()
        scores = (prior * mean + reviews * ratings) / (prior + reviews)
        return cls(catalog, scores)

    def to_artifacts(self) -> dict[str, bytes]:
        return {
            "catalog.json": encode_json(self.catalog.to_json()),
            "scores.npz": encode_arrays({"scores": self.scores}),
        }

    @classmethod
    def from_artifacts(cls, artifacts: Artifacts) -> Self:
        catalog = Catalog.from_json(artifacts.json("catalog.json"))
        scores = artifacts.arrays("scores.npz")["scores"]
        if scores.shape != (len(catalog.cards),):  # one score per course, in catalog order
            raise ValueError("the catalog and the scores do not fit together")
        return cls(catalog, scores)

    def recommend(self, interests: str, level: str | None, k: int) -> list[Scored]:
        return top_k(self.catalog, self.scores, self.catalog.with_level(level), k)

    def similar(self, slug: str, k: int) -> list[Scored]:
        if slug not in self.catalog.index:
            raise UnknownCourseError(slug)
        i = self.catalog.index[slug]
        same_category = self.categories == self.categories[i]
        same_category[i] = False
        return top_k(self.catalog, self.scores, same_category, k)
