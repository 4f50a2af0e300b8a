"""The content model: recommend the courses whose words best match the student's words.

What this teaches: TF-IDF, a classic text representation. Each course becomes a vector
with one entry per word or two-word phrase ("ai agents"), large when the phrase is
frequent in this course (TF, damped by a logarithm) and rare in the catalog (IDF).
Common English words ("the", "and") are dropped. The interests text becomes a vector the
same way, and cosine similarity (the angle between two vectors) ranks the courses.

Title and tags are repeated when a course's text is built, so their words count more than
a word of the description. Training learns the vocabulary and the IDF weights; the course
vectors are kept as a sparse matrix, and `similar` compares them with each other.
"""

from collections.abc import Sequence
from typing import Any, ClassVar, Self

import numpy as np
import sklearn
from scipy.sparse import csr_matrix  # installed with scikit-learn, which returns these
from sklearn.feature_extraction.text import TfidfVectorizer

from decoupled.ml.artifacts import Artifacts, encode_arrays, encode_json
from decoupled.ml.recommender import Catalog, Scored, UnknownCourseError, top_k

TITLE_WEIGHT, TAGS_WEIGHT = 3, 2
VECTORIZER = {
    "stop_words": "english",
    "ngram_range": (1, 2),
    "sublinear_tf": True,
    "strip_accents": "unicode",  # "análisis" and "analisis" are one word
    "dtype": np.float64,
}


def course_text(course: dict[str, Any]) -> str:
    tags = ", ".join(course["tags"])
    parts = [course["title"]] * TITLE_WEIGHT + [course["headline"], course["description"]]
    return "\n".join(parts + [tags] * TAGS_WEIGHT)


class ContentModel:
    name: ClassVar[str] = "content"
    version: ClassVar[str] = "1"
    description: ClassVar[str] = (
        "TF-IDF over title, headline, description and tags (words and word pairs), ranked "
        "by cosine similarity (0 to 1) to the interests text or to the course."
    )
    ARTIFACTS: ClassVar[tuple[str, ...]] = ("catalog.json", "vocabulary.json", "vectors.npz")

    def __init__(self, catalog: Catalog, vectorizer: TfidfVectorizer, vectors: csr_matrix) -> None:
        self.catalog = catalog
        self.vectorizer = vectorizer
        self.vectors = vectors  # row i: course i's weight for each term
        # The same numbers turned around, row t: the courses that use term t, an inverted index
        # like the catalog search's. A query shares terms with few courses; reading only those
        # rows, not the 10 million entries of 100,000 course vectors, makes a ranking 5 to 20
        # times faster. It costs a second copy of the matrix in memory.
        self.postings = vectors.T.tocsr()

    @classmethod
    def fit(cls, courses: Sequence[dict[str, Any]]) -> Self:
        catalog = Catalog.from_courses(courses)
        by_slug = {course["slug"]: course for course in courses}
        texts = [course_text(by_slug[card.slug]) for card in catalog.cards]
        vectorizer = TfidfVectorizer(**VECTORIZER).fit(texts)
        # transform(), not fit_transform(): the exact computation a loaded model runs.
        return cls(catalog, vectorizer, vectorizer.transform(texts))

    def to_artifacts(self) -> dict[str, bytes]:
        vectors = self.vectors.copy()
        vectors.sort_indices()  # one canonical layout of the same matrix
        arrays = {
            "idf": self.vectorizer.idf_,
            "data": vectors.data,
            "indices": vectors.indices,
            "indptr": vectors.indptr,
            "shape": np.array(vectors.shape),
        }
        vocabulary = self.vectorizer.get_feature_names_out().tolist()  # in column order
        return {
            "catalog.json": encode_json(self.catalog.to_json()),
            "vocabulary.json": encode_json(vocabulary),
            "vectors.npz": encode_arrays(arrays),
        }

    @classmethod
    def from_artifacts(cls, artifacts: Artifacts) -> Self:
        arrays = artifacts.arrays("vectors.npz")
        # A vectorizer rebuilt from plain data: same settings, learnt vocabulary and weights.
        vectorizer = TfidfVectorizer(**VECTORIZER, vocabulary=artifacts.json("vocabulary.json"))
        vectorizer.idf_ = arrays["idf"]
        matrix = (arrays["data"], arrays["indices"], arrays["indptr"])
        vectors = csr_matrix(matrix, shape=tuple(arrays["shape"]))
        catalog = Catalog.from_json(artifacts.json("catalog.json"))
        if vectors.shape != (len(catalog.cards), len(vectorizer.idf_)):
            # Row i is course i, column j is term j: any other shape would misread them.
            raise ValueError("the catalog, vocabulary and vectors do not fit together")
        return cls(catalog, vectorizer, vectors)

    def _rank(self, query: csr_matrix, allowed: np.ndarray, k: int) -> list[Scored]:
        # Rows are unit length, so a dot product is the cosine (one per course). Only courses
        # that share a term with the query get one above 0: the product with the postings
        # adds up, term by term, the rows of the query's terms alone.
        shared = query @ self.postings  # 1 x courses, stored only where a term is shared
        scores = np.zeros(len(self.catalog.cards))
        scores[shared.indices] = shared.data
        return top_k(self.catalog, scores, allowed & (scores > 0), k)

    def recommend(self, interests: str, level: str | None, k: int) -> list[Scored]:
        # For one short text, scikit-learn's thorough input checks take longer than the
        # maths; the input here is always a single string, so skip them.
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            query = self.vectorizer.transform([interests])
        return self._rank(query, self.catalog.with_level(level), k)

    def similar(self, slug: str, k: int) -> list[Scored]:
        if slug not in self.catalog.index:
            raise UnknownCourseError(slug)
        i = self.catalog.index[slug]
        others = np.ones(len(self.catalog.cards), dtype=bool)
        others[i] = False
        return self._rank(self.vectors[i], others, k)
