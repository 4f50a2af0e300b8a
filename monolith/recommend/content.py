"""The content model in the monolith: TF-IDF vectors and cosine similarity, from scikit-learn.

What this teaches: serving a trained text model means turning the question into a vector
exactly as training turned each course into one. Training stored each course as a row of unit
length (a sparse matrix), the vocabulary (a word or word pair per column) and each term's IDF
weight. A scikit-learn `TfidfVectorizer`, given the same settings and that vocabulary and
those weights, turns the student's words into a row the same way: lowercase, accents removed,
common English words dropped, words and word pairs counted, each count damped (1 + log) and
weighted by its IDF, then scaled to unit length. The dot product of two unit rows is their
cosine: 0 (nothing in common) to 1.

The maths is the library's, not code of our own: the monolith depends on scikit-learn as the
ML service does, and shares no code with it. The settings are not in the files; they are part
of format version 1, and `tests/parity/` compares the twins' answers, so a drift shows there.
"""

from typing import Any

import numpy as np
import sklearn
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

from monolith.recommend.artifacts import ModelFiles
from monolith.recommend.ranking import Ranker, Recommendation

# How `make train` built its vectorizer, for format version 1.
VECTORIZER: dict[str, Any] = {
    "stop_words": "english",
    "ngram_range": (1, 2),  # words and pairs of neighbouring words ("ai agents")
    "sublinear_tf": True,  # 1 + log(count): a word said ten times is not ten times the topic
    "strip_accents": "unicode",  # "análisis" and "analisis" are one word
    "dtype": np.float64,
}


class ContentRecommender(Ranker):
    name = "content"

    def __init__(self, files: ModelFiles) -> None:
        super().__init__(files.json("catalog.json"))
        arrays = files.arrays("vectors.npz")
        # A vectorizer rebuilt from plain data: the learnt vocabulary and weights, no fitting.
        self.vectorizer = TfidfVectorizer(**VECTORIZER, vocabulary=files.json("vocabulary.json"))
        self.vectorizer.idf_ = arrays["idf"]  # refuses weights that do not fit the vocabulary
        matrix = (arrays["data"], arrays["indices"], arrays["indptr"])
        self.vectors = csr_matrix(matrix, shape=tuple(int(n) for n in arrays["shape"]))
        if self.vectors.shape != (len(self.courses), len(self.vectorizer.idf_)):
            # Row i is course i, column j is term j: any other shape would misread them.
            raise ValueError("the catalog, vocabulary and vectors do not fit together")
        # Row t: the courses that use term t (an inverted index, like the search's). A question
        # shares terms with few courses, so only those rows are read, not every course vector.
        self.postings = self.vectors.T.tocsr()

    def _cosines(self, row: csr_matrix, allowed: np.ndarray, k: int) -> list[Recommendation]:
        shared = row @ self.postings  # unit rows: each dot product a cosine, stored where > 0
        scores = np.zeros(len(self.courses))
        scores[shared.indices] = shared.data
        return self.best(scores, allowed & (scores > 0), k)  # a course must share some words

    def recommend(self, interests: str, level: str | None, k: int) -> list[Recommendation]:
        # For one short text, scikit-learn's thorough input checks take longer than the maths;
        # the input here is always a single string, so skip them.
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            row = self.vectorizer.transform([interests])
        return self._cosines(row, self.at_level(level), k)

    def similar(self, slug: str, k: int) -> list[Recommendation]:
        others = self.others(slug)
        if others is None:
            return []
        return self._cosines(self.vectors[self.row_of[slug]], others, k)
