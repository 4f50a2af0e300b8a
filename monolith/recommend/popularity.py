"""The baseline model in the monolith: the best-loved courses, whatever the student asked for.

What this teaches: the simplest model worth comparing with. Training gave each course one score,
a Bayesian average of its rating (its own stars pulled toward the catalog's mean, so a 5.0 from
3 reviews does not beat a 4.8 from 40,000); serving is only ranking those scores. "Similar"
courses are the best-loved others of the same category.
"""

import numpy as np

from monolith.recommend.artifacts import ModelFiles
from monolith.recommend.ranking import Ranker, Recommendation


class PopularityRecommender(Ranker):
    name = "popularity"

    def __init__(self, files: ModelFiles) -> None:
        super().__init__(files.json("catalog.json"))
        self.scores = files.arrays("scores.npz")["scores"]
        self.categories = np.array([course["category"] for course in self.courses])
        if self.scores.shape != (len(self.courses),):  # one score per course, in catalog order
            raise ValueError("the catalog and the scores do not fit together")

    def recommend(self, interests: str, level: str | None, k: int) -> list[Recommendation]:
        return self.best(self.scores, self.at_level(level), k)

    def similar(self, slug: str, k: int) -> list[Recommendation]:
        others = self.others(slug)
        if others is None:
            return []
        same_category = self.categories == self.categories[self.row_of[slug]]
        return self.best(self.scores, others & same_category, k)
