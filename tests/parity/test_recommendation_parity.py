"""Both architectures recommend the same courses, in the same order, with the same scores.

The ML service (decoupled/ml) answers with JSON; the monolith answers with HTML pages, from its
own code loading the same model files into the Flask process. Both read one MODEL_DIR, trained
once per session by `python -m decoupled.ml.train` (the `trained_models` fixture), and every test
runs for both models. The monolith is read like a visitor reads it: the ranked cards of
/recommend, and the "students who liked this also liked" cards of a course page.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from flask.testing import FlaskClient

from decoupled.ml.config import Settings
from decoupled.ml.main import create_app as create_ml_service
from decoupled.ml.train import train
from monolith import create_app as create_monolith
from tests.support.databases import drop, new_database

SIMILAR_ON_COURSE_PAGE = 4  # what a course page shows
DATASET = Path(__file__).resolve().parents[2] / "data" / "courses.json"

Ranking = tuple[tuple[str, float], ...]  # (slug, score), best first


@dataclass(frozen=True)
class Refused:
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Twins:
    model: str
    monolith: FlaskClient
    ml: TestClient


def _make_twins(model: str, model_dir: Path, data_file: Path, folder: Path) -> Iterator[Twins]:
    database = new_database(folder, "monolith.sqlite3")  # the monolith seeds it from data_file
    monolith = create_monolith(
        {
            "TESTING": True,
            **database.monolith_config(),
            "DATA_FILE": str(data_file),
            "RECOMMENDER_DIR": str(model_dir),
            "RECOMMENDER_MODEL": model,
        }
    )
    settings = Settings(model=model, model_dir=model_dir)
    try:
        with TestClient(create_ml_service(settings)) as ml:
            assert ml.get("/v1/model").json()["model"] == model
            yield Twins(model, monolith.test_client(), ml)
    finally:
        monolith.extensions["coursehub_engine"].dispose()
        drop(database)


@pytest.fixture(scope="module", params=["content", "popularity"])
def twins(
    request: pytest.FixtureRequest,
    trained_models: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Twins]:
    folder = tmp_path_factory.mktemp(f"recommend-{request.param}")
    yield from _make_twins(request.param, trained_models, DATASET, folder)


# --- reading each twin ----------------------------------------------------------------------------


class _Cards(HTMLParser):
    """The recommendation cards of a monolith page, and the fields shown with an error."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[tuple[str, float]] = []
        self.error_fields: list[str] = []
        self._field: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "article" and "rec-card" in classes:
            self.cards.append(
                (attributes["data-slug"] or "", float(attributes["data-score"] or ""))
            )
        if tag in ("input", "select") and attributes.get("name"):
            self._field = attributes["name"]
        if "field-error" in classes and self._field:
            self.error_fields.append(self._field)


def _cards(html: str) -> _Cards:
    parser = _Cards()
    parser.feed(html)
    parser.close()
    return parser


def monolith_recommend(client: FlaskClient, ask: dict[str, Any]) -> Ranking | Refused:
    response = client.get("/recommend", query_string={key: str(v) for key, v in ask.items()})
    page = _cards(response.text)
    if response.status_code == 400:
        return Refused(tuple(sorted(set(page.error_fields))))
    assert response.status_code == 200, response.status_code
    return tuple(page.cards)


def ml_recommend(client: TestClient, ask: dict[str, Any]) -> Ranking | Refused:
    body = dict(ask)
    if isinstance(body.get("k"), str):  # what a query string carries, as JSON would carry it
        body["k"] = _as_json_number(body["k"])
    response = client.post("/v1/recommendations", json=body)
    if response.status_code == 422:
        return Refused(tuple(sorted({error["field"] for error in response.json()["errors"]})))
    assert response.status_code == 200, response.text
    return tuple((item["slug"], item["score"]) for item in response.json()["items"])


def _as_json_number(text: str) -> int | float | str:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def monolith_similar(client: FlaskClient, slug: str) -> Ranking | None:
    response = client.get(f"/courses/{slug}")
    if response.status_code == 404:
        return None
    assert response.status_code == 200, response.status_code
    return tuple(_cards(response.text).cards)


def ml_similar(client: TestClient, slug: str) -> Ranking | None:
    response = client.get(f"/v1/courses/{slug}/similar", params={"k": SIMILAR_ON_COURSE_PAGE})
    if response.status_code == 404:
        return None
    assert response.status_code == 200, response.text
    return tuple((item["slug"], item["score"]) for item in response.json()["items"])


def differ(question: str, monolith: object, ml: object) -> str:
    return f"{question}\n  monolith:   {monolith}\n  ML service: {ml}"


# --- recommend me a course ------------------------------------------------------------------------

ASKS: list[tuple[str, dict[str, Any]]] = [
    ("ai-agents", {"interests": "I want to build AI agents"}),
    ("ai-agents-beginner", {"interests": "I want to build AI agents", "level": "beginner"}),
    (
        "ai-agents-advanced-k3",
        {"interests": "I want to build AI agents", "level": "advanced", "k": 3},
    ),
    ("data-analysis-k20", {"interests": "python for data analysis", "k": 20}),
    (
        "pytorch-intermediate",
        {"interests": "machine learning with PyTorch", "level": "intermediate", "k": 10},
    ),
    ("devops-k1", {"interests": "kubernetes docker devops", "k": 1}),
    ("watercolour", {"interests": "watercolour painting for beginners", "k": 7}),
    ("one-word", {"interests": "LLM", "k": 20}),
    ("unknown-words", {"interests": "zzxq qwvv florbnak"}),
    ("only-stop-words", {"interests": "the and of to be", "k": 20}),
    ("one-letter", {"interests": "I"}),
    ("accents", {"interests": "Análisis de datos con Python y estadística"}),
    ("full-width", {"interests": "ＡＩ　ａｇｅｎｔｓ ｗｉｔｈ Ｐｙｔｈｏｎ", "k": 8}),
    ("cjk-and-emoji", {"interests": "机器学习 machine learning 🤖 for robots", "k": 6}),
    ("german-french", {"interests": "Straße café résumé naïve Ångström", "k": 20}),
    ("turkish-dotted-i", {"interests": "İstanbul TÜRKÇE İngilizce öğren", "k": 20}),
    (
        "hyphens-and-slashes",
        {"interests": "AI-powered e-mail marketing/SEO & social-media", "k": 9},
    ),
    ("spaces-around", {"interests": "   data    science\t\n  ", "level": "beginner"}),
    ("repeated-words", {"interests": "python " * 71, "k": 12}),
    ("repeated-pairs", {"interests": "ai agents ai agents ai agents llm llm", "k": 15}),
    (
        "web-beginner-k7",
        {
            "interests": "Web development, web design & UX: HTML/CSS/JavaScript",
            "level": "beginner",
            "k": 7,
        },
    ),
    ("numbers", {"interests": "excel 365 and power bi 2024 dashboards", "k": 5}),
    ("500-characters", {"interests": ("learn photography and video editing " * 20)[:500], "k": 20}),
    ("advanced-k20", {"interests": "security", "level": "advanced", "k": 20}),
    ("k-as-text-2", {"interests": "music production", "k": "2"}),
]


@pytest.mark.parametrize("ask", [ask for _, ask in ASKS], ids=[name for name, _ in ASKS])
def test_both_twins_recommend_the_same_courses_in_the_same_order(
    twins: Twins, ask: dict[str, Any]
) -> None:
    monolith = monolith_recommend(twins.monolith, ask)
    ml = ml_recommend(twins.ml, ask)

    assert not isinstance(ml, Refused), ml
    assert monolith == ml, differ(f"{twins.model} model, recommend {json.dumps(ask)}", monolith, ml)


def test_the_parity_inputs_exercise_what_they_claim(twins: Twins) -> None:
    """Not vacuous: some inputs fill k, some find nothing, the level filter bites."""
    answers = {name: ml_recommend(twins.ml, ask) for name, ask in ASKS}
    assert len(answers["data-analysis-k20"]) == 20
    assert len(answers["devops-k1"]) == 1
    if twins.model == "content":
        assert answers["unknown-words"] == () and answers["only-stop-words"] == ()
        assert answers["accents"] != () and answers["full-width"] != ()
        assert answers["ai-agents"] != answers["ai-agents-beginner"]
    else:
        assert answers["unknown-words"] == answers["ai-agents"]  # the baseline reads no text


BAD_ASKS: list[tuple[str, dict[str, Any]]] = [
    ("empty", {"interests": ""}),
    ("only-spaces", {"interests": "   "}),
    ("tab-and-newline", {"interests": "\t\n"}),
    ("501-characters", {"interests": "x" * 501}),
    ("501-with-the-spaces", {"interests": "   " + "x" * 498}),
    ("no-interests", {"level": "beginner"}),
    ("bad-level", {"interests": "ai", "level": "expert"}),
    ("level-in-capitals", {"interests": "ai", "level": "Beginner"}),
    ("k-0", {"interests": "ai", "k": "0"}),
    ("k-21", {"interests": "ai", "k": "21"}),
    ("k-text", {"interests": "ai", "k": "five"}),
    ("k-fraction", {"interests": "ai", "k": "2.5"}),
    ("everything-wrong", {"interests": " ", "level": "expert", "k": "-1"}),
]


@pytest.mark.parametrize("ask", [ask for _, ask in BAD_ASKS], ids=[name for name, _ in BAD_ASKS])
def test_both_twins_refuse_the_same_bad_input_naming_the_same_fields(
    twins: Twins, ask: dict[str, Any]
) -> None:
    monolith = monolith_recommend(twins.monolith, ask)
    ml = ml_recommend(twins.ml, ask)

    assert isinstance(ml, Refused), ml
    assert monolith == ml, differ(f"{twins.model} model, recommend {json.dumps(ask)}", monolith, ml)


# --- students who liked this also liked -----------------------------------------------------------

SLUGS = [
    "build-ai-agents-with-python-from-zero-to-your-first-agent",
    "ai-agents-for-business-automation",
    "no-code-ai-agents-build-ai-powered-workflows-with-n8n-and-zapier",
    "llm-fundamentals-how-large-language-models-really-work",
    "react-19-the-complete-developer-course",
    "aws-certified-solutions-architect-associate-saa-c03-masterclass",
    "blender-3d-for-beginners-model-texture-and-render-your-first-scene",
    "learning-how-to-learn-memory-spaced-repetition-and-active-recall",
    "deep-learning-with-pytorch-neural-networks-from-the-ground-up",
    "rag-from-scratch-retrieval-augmented-generation-for-llm-apps",
    "mathematics-for-machine-learning-linear-algebra-and-calculus",
    "deploying-llm-apps-and-ai-agents-to-the-cloud-with-docker-and-kubernetes",
]


@pytest.mark.parametrize("slug", SLUGS)
def test_both_twins_show_the_same_courses_students_also_liked(twins: Twins, slug: str) -> None:
    monolith = monolith_similar(twins.monolith, slug)
    ml = ml_similar(twins.ml, slug)

    assert ml is not None and len(ml) == SIMILAR_ON_COURSE_PAGE, ml
    assert monolith == ml, differ(f"{twins.model} model, also liked on {slug}", monolith, ml)


def test_every_course_page_shows_what_the_ml_service_calls_similar(twins: Twins) -> None:
    slugs = [record["slug"] for record in json.loads(DATASET.read_text(encoding="utf-8"))]

    differences = [
        differ(f"{twins.model} model, also liked on {slug}", monolith, ml)
        for slug in slugs
        if (monolith := monolith_similar(twins.monolith, slug))
        != (ml := ml_similar(twins.ml, slug))
    ]

    assert len(slugs) > 200
    assert not differences, "\n".join(differences[:5]) + f"\n({len(differences)} courses differ)"


def test_neither_twin_knows_a_course_that_does_not_exist(twins: Twins) -> None:
    assert monolith_similar(twins.monolith, "no-such-course") is None
    assert ml_similar(twins.ml, "no-such-course") is None


# --- equal scores ---------------------------------------------------------------------------------

TWINNED = [
    "build-ai-agents-with-python-from-zero-to-your-first-agent",
    "react-19-the-complete-developer-course",
    "aws-certified-solutions-architect-associate-saa-c03-masterclass",
]


@pytest.fixture(scope="module", params=["content", "popularity"])
def tied_twins(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Twins]:
    """Both twins on a catalog where some courses have exact copies under other slugs, one
    sorting before the original and one after, so that their scores are exactly equal."""
    folder = tmp_path_factory.mktemp(f"ties-{request.param}")
    records = json.loads(DATASET.read_text(encoding="utf-8"))
    by_slug = {record["slug"]: record for record in records}
    for slug in TWINNED:
        records += [by_slug[slug] | {"slug": f"{prefix}-copy-of-{slug}"} for prefix in ("a", "zz")]
    data_file = folder / "courses-with-copies.json"
    data_file.write_text(json.dumps(records), encoding="utf-8")
    train(data_file, DATASET.with_name("interest-queries.json"), folder / "models")
    yield from _make_twins(request.param, folder / "models", data_file, folder)


def _has_tie(ranking: Ranking) -> bool:
    return any(a[1] == b[1] for a, b in zip(ranking, ranking[1:], strict=False))


@pytest.mark.parametrize(
    "ask",
    [
        {"interests": "I want to build AI agents", "k": 20},
        {"interests": "react components and hooks", "level": "intermediate", "k": 20},
        {"interests": "aws cloud certification", "k": 20},
    ],
    ids=["ai-agents", "react", "aws"],
)
def test_equal_scores_are_listed_in_slug_order_by_both_twins(
    tied_twins: Twins, ask: dict[str, Any]
) -> None:
    monolith = monolith_recommend(tied_twins.monolith, ask)
    ml = ml_recommend(tied_twins.ml, ask)

    assert not isinstance(ml, Refused) and _has_tie(ml), ml  # the copies tie
    assert monolith == ml, differ(
        f"{tied_twins.model} model, recommend {json.dumps(ask)}", monolith, ml
    )


def test_equal_scores_among_similar_courses_are_in_slug_order_on_both_twins(
    tied_twins: Twins,
) -> None:
    copies = [f"{prefix}-copy-of-{slug}" for slug in TWINNED for prefix in ("a", "zz")]
    answers = {
        slug: (monolith_similar(tied_twins.monolith, slug), ml_similar(tied_twins.ml, slug))
        for slug in TWINNED + copies
    }

    for slug, (monolith, ml) in answers.items():
        assert monolith == ml, differ(
            f"{tied_twins.model} model, also liked on {slug}", monolith, ml
        )
    assert sum(_has_tie(ml or ()) for _, ml in answers.values()) >= 3  # the copies do tie
