"""How good are the recommendations? `make evaluate` measures both models.

What this teaches: offline evaluation. `data/interest-queries.json` holds interest texts
written by hand, each with the courses a person would call relevant. Each model answers
every query, and two standard figures score its top 5 (averaged over the queries):

* precision@5: the share of the 5 suggestions that are relevant;
* nDCG@5: like precision, but a relevant course counts more near the top, and a model is
  compared with the best order possible (1.0 = every relevant course, best first).

The models are trained in memory from the current code and data, so an edit shows up in
the next run; `make train` records the same figures in each model's metadata.
"""

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from decoupled.ml.config import Settings
from decoupled.ml.models import MODELS
from decoupled.ml.recommender import Recommender

K = 5


@dataclass(frozen=True)
class Query:
    interests: str
    level: str | None
    relevant: frozenset[str]


def load_queries(path: Path) -> list[Query]:
    rows = json.loads(path.read_text(encoding="utf-8"))["queries"]
    return [Query(row["interests"], row.get("level"), frozenset(row["relevant"])) for row in rows]


def precision_at_k(ranked: list[str], relevant: frozenset[str], k: int = K) -> float:
    return sum(slug in relevant for slug in ranked[:k]) / k


def ndcg_at_k(ranked: list[str], relevant: frozenset[str], k: int = K) -> float:
    gain = sum(1 / math.log2(rank + 2) for rank, slug in enumerate(ranked[:k]) if slug in relevant)
    best = sum(1 / math.log2(rank + 2) for rank in range(min(k, len(relevant))))
    return gain / best


def evaluate(model: Recommender, queries: list[Query]) -> dict[str, Any]:
    """The model's mean precision@5 and nDCG@5 over `queries`."""
    precision = ndcg = 0.0
    for query in queries:
        ranked = [s.course.slug for s in model.recommend(query.interests, query.level, K)]
        precision += precision_at_k(ranked, query.relevant)
        ndcg += ndcg_at_k(ranked, query.relevant)
    return {
        "queries": len(queries),
        "precision_at_5": round(precision / len(queries), 4),
        "ndcg_at_5": round(ndcg / len(queries), 4),
    }


def main() -> None:
    settings = Settings()
    courses = json.loads(settings.data_file.read_text(encoding="utf-8"))
    queries = load_queries(settings.queries_file)
    print(f"{len(queries)} hand-labelled interest queries, top {K} suggestions each\n")
    print(f"{'model':<12} {'precision@5':>12} {'nDCG@5':>8}")
    for name, model_class in MODELS.items():
        figures = evaluate(model_class.fit(courses), queries)
        print(f"{name:<12} {figures['precision_at_5']:>12.3f} {figures['ndcg_at_5']:>8.3f}")


if __name__ == "__main__":
    main()
