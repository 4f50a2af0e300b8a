"""What every model offers, whatever it does inside: the `Recommender` interface.

What this teaches: the API depends on this small interface, never on one model. A
`Protocol` says "anything with these methods will do", so the popularity baseline and the
content model can be swapped (`MODEL=popularity make ml`) without touching a route, a
schema or a client. Both rank with `top_k`, which breaks ties by slug so that the same
input always gives the same order, and which sorts only the few courses that can make the
top k, not the whole catalog.
"""

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, ClassVar, Protocol, Self

import numpy as np


@dataclass(frozen=True)
class CourseCard:
    """What a recommendation shows of a course: enough to list it and link to its page."""

    slug: str
    title: str
    level: str
    price: float
    rating: float
    category: str

    @classmethod
    def from_course(cls, course: dict[str, Any]) -> Self:
        return cls(
            slug=course["slug"],
            title=course["title"],
            level=course["level"],
            price=course["price"],
            rating=course["rating"],
            category=course["category"]["name"],
        )


@dataclass(frozen=True)
class Scored:
    course: CourseCard
    score: float


class Catalog:
    """The courses a model knows, in a fixed order: row `i` of every array is `cards[i]`."""

    def __init__(self, cards: Sequence[CourseCard]) -> None:
        self.cards = list(cards)
        self.levels = np.array([card.level for card in self.cards])
        self.index = {card.slug: i for i, card in enumerate(self.cards)}
        # slug_rank[i]: where course i's slug comes in alphabetical order, so numpy can break
        # ties by slug with integers (the cards are usually in slug order already; any will do).
        by_slug = np.argsort(np.array([card.slug for card in self.cards], dtype=str), kind="stable")
        self.slug_rank = np.empty(len(self.cards), dtype=np.intp)
        self.slug_rank[by_slug] = np.arange(len(self.cards))

    @classmethod
    def from_courses(cls, courses: Sequence[dict[str, Any]]) -> Self:
        # Sorted by slug, so the artifacts do not depend on the order of the dataset file.
        return cls(sorted((CourseCard.from_course(c) for c in courses), key=lambda c: c.slug))

    def to_json(self) -> list[dict[str, Any]]:
        return [asdict(card) for card in self.cards]

    @classmethod
    def from_json(cls, rows: list[dict[str, Any]]) -> Self:
        return cls([CourseCard(**row) for row in rows])

    def with_level(self, level: str | None) -> np.ndarray:
        """A mask of the courses at `level` (all of them when `level` is None)."""
        if level is None:
            return np.ones(len(self.cards), dtype=bool)
        return self.levels == level


def top_k(catalog: Catalog, scores: np.ndarray, allowed: np.ndarray, k: int) -> list[Scored]:
    """The `k` allowed courses with the highest scores; equal scores in slug order.

    Sorting every candidate to keep five is work thrown away: at 100,000 courses a sort in
    Python took 155 ms. `np.argpartition` finds the k best in one pass, in no order; the k-th
    best score is then the bar, and only the courses at or above it are sorted, by score and
    slug. Taking every course tied with the k-th best, not just the k that argpartition
    happened to pick, is what keeps the answer exactly the full sort's, ties and all.
    """
    candidates = np.flatnonzero(allowed)
    if k <= 0 or candidates.size == 0:
        return []
    if k < candidates.size:
        some_k_best = np.argpartition(-scores[candidates], k - 1)[:k]
        bar = scores[candidates[some_k_best]].min()
        candidates = candidates[scores[candidates] >= bar]
    # lexsort sorts by its last key first: score (highest first), then slug.
    ranked = candidates[np.lexsort((catalog.slug_rank[candidates], -scores[candidates]))][:k]
    return [Scored(catalog.cards[i], float(scores[i])) for i in ranked]


class UnknownCourseError(LookupError):
    """`similar()` was asked about a slug the model has never seen."""

    def __init__(self, slug: str) -> None:
        super().__init__(f"No course with slug '{slug}'.")
        self.slug = slug


class Recommender(Protocol):
    name: ClassVar[str]
    # Bump when the artifacts change shape, so old ones are refused instead of misread.
    version: ClassVar[str]
    description: ClassVar[str]
    catalog: Catalog

    def recommend(self, interests: str, level: str | None, k: int) -> list[Scored]:
        """The `k` courses that best fit these interests, at `level` if given."""
        ...

    def similar(self, slug: str, k: int) -> list[Scored]:
        """The `k` courses most like this one, never the course itself."""
        ...
