"""Recommendations in the monolith: "recommend me a course" and "students also liked".

The model is the one `make train` writes (here trained once per session into a temporary folder by
the `trained_models` fixture) and the monolith loads it into its own process at start-up. These
tests read the pages as a visitor sees them. Whether the answers are exactly the ML service's is
for tests/parity/test_recommendation_parity.py.
"""

import hashlib
import io
import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from flask.testing import FlaskClient

from tests.support.databases import Database

AI_AGENTS_COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
AI_AGENTS = "I want to build AI agents"
UNAVAILABLE = "Recommendations are unavailable right now."
INTERESTS_ERROR = "Describe your interests in 1 to 500 characters, not only spaces."

Record = dict[str, Any]


@pytest.fixture
def make(app_factory: Callable[..., Flask], database: Database) -> Callable[..., FlaskClient]:
    """make(**config): a client of a new app on this test's seeded database."""

    def build(**config: Any) -> FlaskClient:
        return app_factory(database, **config).test_client()

    return build


@pytest.fixture
def client(make: Callable[..., FlaskClient], trained_models: Path) -> FlaskClient:
    return make(RECOMMENDER_DIR=str(trained_models), RECOMMENDER_MODEL="content")


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def visible(element: Tag) -> str:
    return " ".join(element.get_text(" ").split())


def ranked(page: BeautifulSoup) -> list[tuple[str, float]]:
    """The recommended courses on a /recommend page: (slug, score), in the order shown."""
    return [(card["data-slug"], float(card["data-score"])) for card in page.select(".rec-card")]


def also_liked(page: BeautifulSoup) -> list[str]:
    return [card["data-slug"] for card in page.select("section.also-liked .rec-card")]


def error_next_to(page: BeautifulSoup, name: str) -> str:
    """The error shown in the label of field `name` (empty if none)."""
    label = page.select_one(f'[name="{name}"]').find_parent("label")
    return " ".join(visible(error) for error in label.select(".field-error"))


# --- recommend me a course ------------------------------------------------------------------------


def test_i_want_to_build_ai_agents_lists_the_agent_courses_first(
    client: FlaskClient, by_slug: dict[str, Record]
) -> None:
    response = client.get("/recommend", query_string={"interests": AI_AGENTS})

    assert response.status_code == 200
    page = soup(response)
    results = ranked(page)
    assert len(results) == 5  # the default, as in the ML service
    titles = [by_slug[slug]["title"] for slug, _ in results]
    assert all("agent" in title.lower() for title in titles[:3]), titles
    assert AI_AGENTS_COURSE in [slug for slug, _ in results[:2]], titles
    scores = [score for _, score in results]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    # ranked cards: a number, the title linking to the course page, the score
    first = page.select_one(".rec-list li .rec-card")
    assert visible(first.select_one(".rec-rank")) == "#1"
    assert first.select_one(".rec-title a")["href"] == f"/courses/{results[0][0]}"
    # Two decimals, as the decoupled frontend shows it; data-score has every digit.
    assert visible(first.select_one(".rec-score")) == f"score {results[0][1]:.2f}"
    assert f"5 courses for “{AI_AGENTS}”" in visible(page)


def test_every_recommended_card_shows_the_course_facts_and_opens_its_page(
    client: FlaskClient, by_slug: dict[str, Record]
) -> None:
    page = soup(client.get("/recommend?interests=python+for+data+analysis&k=8"))
    cards = page.select(".rec-card")
    assert len(cards) == 8
    for card in cards:
        record = by_slug[card["data-slug"]]
        assert visible(card.select_one(".rec-title")) == record["title"]
        assert record["category"]["name"] in visible(card.select_one(".card-category"))
        assert visible(card.select_one(".level")) == record["level"].capitalize()
        assert f"{record['rating']:.1f}" in visible(card.select_one(".rating"))
        price = "Free" if record["price"] == 0 else f"${record['price']:.2f}"
        assert visible(card.select_one(".rec-price")) == price
        link = card.select_one(".rec-title a")["href"]
        assert client.get(link).status_code == 200


def test_a_level_keeps_only_courses_at_that_level_and_k_says_how_many(
    client: FlaskClient, by_slug: dict[str, Record]
) -> None:
    page = soup(client.get("/recommend?interests=machine+learning&level=advanced&k=3"))

    results = ranked(page)
    assert len(results) == 3
    assert {by_slug[slug]["level"] for slug, _ in results} == {"advanced"}
    assert page.select_one('select[name="level"] option[selected]')["value"] == "advanced"
    assert page.select_one('input[name="k"]')["value"] == "3"


def test_words_the_model_never_saw_recommend_nothing_and_say_so(client: FlaskClient) -> None:
    response = client.get("/recommend?interests=zzxq+qwvv")

    assert response.status_code == 200
    assert ranked(soup(response)) == []
    assert "No course matches those words" in visible(soup(response))


def test_the_empty_form_asks_what_you_want_to_learn(client: FlaskClient) -> None:
    response = client.get("/recommend")

    assert response.status_code == 200
    page = soup(response)
    form = page.select_one("form.recommend-form")
    assert form["method"] == "get" and form["action"] == "/recommend"
    assert {field["name"] for field in form.select("input, select")} == {"interests", "level", "k"}
    assert page.select(".field-error") == [] and ranked(page) == []


def test_the_recommend_page_is_linked_from_the_header_and_the_home_page(
    client: FlaskClient,
) -> None:
    home = soup(client.get("/"))

    assert home.select_one('.site-header nav a[href="/recommend"]') is not None
    assert home.select_one('.recommend-callout a[href="/recommend"]') is not None
    course = soup(client.get(f"/courses/{AI_AGENTS_COURSE}"))
    assert course.select_one('.site-header nav a[href="/recommend"]') is not None


@pytest.mark.parametrize(
    "interests",
    ["", "   ", "\t\n", "x" * 501, "   " + "x" * 498],
    ids=["empty", "spaces", "tab-and-newline", "501-characters", "501-with-the-spaces"],
)
def test_bad_interests_show_the_error_next_to_the_field(
    client: FlaskClient, interests: str
) -> None:
    response = client.get("/recommend", query_string={"interests": interests})

    assert response.status_code == 400
    page = soup(response)
    assert error_next_to(page, "interests") == INTERESTS_ERROR
    assert error_next_to(page, "level") == "" and error_next_to(page, "k") == ""
    assert ranked(page) == []
    assert "Please fix the form above" in visible(page)


def test_asking_without_any_interests_is_refused_too(client: FlaskClient) -> None:
    response = client.get("/recommend?level=beginner")

    assert response.status_code == 400
    assert error_next_to(soup(response), "interests") == INTERESTS_ERROR


def test_500_characters_of_interests_are_accepted(client: FlaskClient) -> None:
    interests = ("ai agents " * 50)[:500]
    response = client.get("/recommend", query_string={"interests": interests})

    assert response.status_code == 200
    assert len(ranked(soup(response))) == 5


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"level": "expert"}, "level", "Level must be beginner, intermediate or advanced."),
        ({"k": "0"}, "k", "Choose a whole number from 1 to 20."),
        ({"k": "21"}, "k", "Choose a whole number from 1 to 20."),
        ({"k": "five"}, "k", "Choose a whole number from 1 to 20."),
        ({"k": "2.5"}, "k", "Choose a whole number from 1 to 20."),
    ],
)
def test_a_bad_level_or_count_shows_the_error_next_to_that_field(
    client: FlaskClient, params: dict[str, str], field: str, message: str
) -> None:
    response = client.get("/recommend", query_string={"interests": AI_AGENTS, **params})

    assert response.status_code == 400
    page = soup(response)
    assert error_next_to(page, field) == message
    assert error_next_to(page, "interests") == ""
    assert page.select_one('input[name="interests"]')["value"] == AI_AGENTS  # kept


# --- students who liked this also liked -----------------------------------------------------------


def test_the_also_liked_section_of_an_ai_agents_course_shows_ai_and_llm_courses(
    client: FlaskClient, by_slug: dict[str, Record]
) -> None:
    page = soup(client.get(f"/courses/{AI_AGENTS_COURSE}"))

    section = page.select_one("section.also-liked")
    assert visible(section.select_one("h2")) == "Students who liked this also liked"
    slugs = also_liked(page)
    assert len(slugs) == 4
    assert AI_AGENTS_COURSE not in slugs
    for slug in slugs:
        record = by_slug[slug]
        words = " ".join([record["title"], *record["tags"]]).lower()
        assert any(word in words for word in ("agent", "llm", " ai")), record["title"]


def test_each_also_liked_card_opens_that_course_page(
    client: FlaskClient, by_slug: dict[str, Record]
) -> None:
    page = soup(client.get("/courses/ai-agents-for-business-automation"))

    for card in page.select("section.also-liked .rec-card"):
        record = by_slug[card["data-slug"]]
        link = card.select_one(".rec-title a")
        assert visible(link) == record["title"]
        course = client.get(link["href"])
        assert course.status_code == 200
        assert record["title"] in visible(soup(course).select_one("h1"))


def test_every_course_page_has_four_courses_students_also_liked(
    client: FlaskClient, dataset: list[Record]
) -> None:
    for record in dataset[::16]:
        slugs = also_liked(soup(client.get(f"/courses/{record['slug']}")))
        assert len(slugs) == 4, record["slug"]
        assert record["slug"] not in slugs and len(set(slugs)) == 4


def test_a_bad_enrollment_still_shows_what_students_also_liked(
    client: FlaskClient, by_slug: dict[str, Record]
) -> None:
    page = client.get(f"/courses/{AI_AGENTS_COURSE}")
    token = soup(page).select_one('input[name="csrf_token"]')["value"]

    refused = client.post(
        f"/courses/{AI_AGENTS_COURSE}", data={"csrf_token": token, "name": "", "email": "x"}
    )

    assert refused.status_code == 400
    assert also_liked(soup(refused)) == also_liked(soup(page))


def test_the_popularity_model_recommends_the_best_loved_courses_whatever_was_asked(
    make: Callable[..., FlaskClient], trained_models: Path, by_slug: dict[str, Record]
) -> None:
    client = make(RECOMMENDER_DIR=str(trained_models), RECOMMENDER_MODEL="popularity")

    agents = ranked(soup(client.get("/recommend", query_string={"interests": AI_AGENTS})))
    painting = ranked(soup(client.get("/recommend?interests=watercolour+painting")))
    assert agents == painting and len(agents) == 5
    assert all(4 < score <= 5 for _, score in agents)  # a rating, on the 0 to 5 scale
    similar = also_liked(soup(client.get(f"/courses/{AI_AGENTS_COURSE}")))
    category = by_slug[AI_AGENTS_COURSE]["category"]["slug"]
    assert [by_slug[slug]["category"]["slug"] for slug in similar] == [category] * 4


def test_an_unknown_model_name_stops_the_app_at_start_with_a_clear_message(
    app_factory: Callable[..., Flask], database: Database, trained_models: Path
) -> None:
    with pytest.raises(ValueError, match="MONOLITH_MODEL must be one of content, popularity"):
        app_factory(database, RECOMMENDER_DIR=str(trained_models), RECOMMENDER_MODEL="gpt")


# --- when the model cannot be used ----------------------------------------------------------------


@pytest.fixture
def model_copy(tmp_path: Path, trained_models: Path) -> Path:
    """A copy of the trained models that a test may damage."""
    folder = tmp_path / "models"
    shutil.copytree(trained_models, folder)
    return folder


def start(
    make: Callable[..., FlaskClient], caplog: pytest.LogCaptureFixture, model_dir: Path
) -> tuple[FlaskClient, list[logging.LogRecord]]:
    """Start an app on `model_dir`; return its client and the warnings logged at start."""
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        client = make(RECOMMENDER_DIR=str(model_dir), RECOMMENDER_MODEL="content")
    return client, [record for record in caplog.records if record.levelno >= logging.WARNING]


def assert_catalog_works_and_recommendations_are_unavailable(client: FlaskClient) -> None:
    home = soup(client.get("/?q=ai+agents"))
    assert len(home.select("article.course-card")) == 12
    course = client.get(f"/courses/{AI_AGENTS_COURSE}")
    assert course.status_code == 200
    section = soup(course).select_one("section.also-liked")
    assert visible(section.select_one(".recommendations-unavailable")) == UNAVAILABLE
    assert section.select(".rec-card") == []
    asked = client.get("/recommend", query_string={"interests": AI_AGENTS})
    assert asked.status_code == 503
    assert "Recommendations are unavailable right now" in visible(soup(asked))
    assert ranked(soup(asked)) == []
    form = client.get("/recommend")  # the form itself still opens, and says so
    assert form.status_code == 200
    assert "Recommendations are unavailable right now" in visible(soup(form))
    # bad input is still bad input
    assert client.get("/recommend?interests=+").status_code == 400


def test_a_tampered_model_file_is_refused_at_start_with_a_clear_log_line_and_the_catalog_works(
    make: Callable[..., FlaskClient], caplog: pytest.LogCaptureFixture, model_copy: Path
) -> None:
    vectors = model_copy / "content" / "vectors.npz"
    vectors.write_bytes(vectors.read_bytes() + b"\0")  # one byte more than was trained

    client, warnings = start(make, caplog, model_copy)

    [warning] = warnings
    message = warning.getMessage()
    assert "Recommendations are unavailable" in message
    assert f"refusing to load {vectors}" in message
    assert "does not match its sha256 in metadata.json" in message
    assert "run make train" in message
    assert_catalog_works_and_recommendations_are_unavailable(client)


def test_a_swapped_vocabulary_is_refused_even_though_it_is_valid_json(
    make: Callable[..., FlaskClient], caplog: pytest.LogCaptureFixture, model_copy: Path
) -> None:
    vocabulary = model_copy / "content" / "vocabulary.json"
    terms = json.loads(vocabulary.read_text(encoding="utf-8"))
    vocabulary.write_text(json.dumps(list(reversed(terms))), encoding="utf-8")

    client, warnings = start(make, caplog, model_copy)

    [warning] = warnings
    assert "vocabulary.json: it does not match its sha256" in warning.getMessage()
    assert ranked(soup(client.get("/recommend?interests=ai"))) == []


def test_a_model_file_that_needs_pickle_is_never_loaded_even_with_a_matching_hash(
    make: Callable[..., FlaskClient], caplog: pytest.LogCaptureFixture, model_copy: Path
) -> None:
    # An attacker who can also rewrite metadata.json: an object array can only be read by
    # unpickling it, which the monolith never does (allow_pickle=False).
    buffer = io.BytesIO()
    np.savez(buffer, scores=np.array([{"evil": 1}], dtype=object))
    folder = model_copy / "popularity"
    (folder / "scores.npz").write_bytes(buffer.getvalue())
    metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    metadata["artifacts"]["scores.npz"] = hashlib.sha256(buffer.getvalue()).hexdigest()
    (folder / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")

    caplog.clear()
    with caplog.at_level(logging.WARNING):
        client = make(RECOMMENDER_DIR=str(model_copy), RECOMMENDER_MODEL="popularity")

    [warning] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert f"refusing to load {folder}" in warning.getMessage()
    assert "pickle" in warning.getMessage().lower()
    assert client.get("/recommend?interests=ai").status_code == 503


def test_a_model_of_another_version_is_refused(
    make: Callable[..., FlaskClient], caplog: pytest.LogCaptureFixture, model_copy: Path
) -> None:
    path = model_copy / "content" / "metadata.json"
    metadata = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(metadata | {"version": "2"}), encoding="utf-8")

    _client, warnings = start(make, caplog, model_copy)

    [warning] = warnings
    assert "holds content version 2, the monolith reads content version 1" in (warning.getMessage())


def test_missing_model_files_make_recommendations_unavailable_and_the_catalog_works(
    make: Callable[..., FlaskClient], caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    empty = tmp_path / "never-trained"

    client, warnings = start(make, caplog, empty)

    [warning] = warnings
    assert warning.getMessage() == (
        f"Recommendations are unavailable: no trained model in {empty / 'content'}; run make train"
    )
    assert_catalog_works_and_recommendations_are_unavailable(client)


def test_one_missing_model_file_is_named_in_the_warning(
    make: Callable[..., FlaskClient], caplog: pytest.LogCaptureFixture, model_copy: Path
) -> None:
    (model_copy / "content" / "catalog.json").unlink()

    client, warnings = start(make, caplog, model_copy)

    [warning] = warnings
    assert f"{model_copy / 'content' / 'catalog.json'}: it is missing" in warning.getMessage()
    assert_catalog_works_and_recommendations_are_unavailable(client)


def _rewrite_metadata(folder: Path, change: Callable[[Record], Any]) -> None:
    path = folder / "metadata.json"
    path.write_text(json.dumps(change(json.loads(path.read_text(encoding="utf-8")))), "utf-8")


def _replace_with_matching_hash(folder: Path, file: str, data: bytes) -> None:
    """Put `data` in `file` and its hash in metadata.json, as a careful tamperer would."""
    (folder / file).write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    _rewrite_metadata(folder, lambda m: m | {"artifacts": m["artifacts"] | {file: digest}})


def _npz(**arrays: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda m: m | {"artifacts": sorted(m["artifacts"])}, "artifacts should map"),
        (lambda m: m | {"artifacts": None}, "artifacts should map"),
        (lambda m: m | {"artifacts": dict.fromkeys(m["artifacts"], 1)}, "artifacts should map"),
        (lambda m: {k: v for k, v in m.items() if k != "artifacts"}, "artifacts should map"),
        (lambda m: m | {"version": 1}, "version should be text"),
        (lambda m: m | {"model": ["content"]}, "model should be text"),
    ],
    ids=[
        "artifacts-a-list",
        "artifacts-null",
        "hash-a-number",
        "no-artifacts",
        "version-1",
        "model",
    ],
)
def test_a_malformed_metadata_file_is_refused_with_one_line_that_says_run_make_train(
    make: Callable[..., FlaskClient],
    caplog: pytest.LogCaptureFixture,
    model_copy: Path,
    change: Callable[[Record], Any],
    problem: str,
) -> None:
    folder = model_copy / "content"
    _rewrite_metadata(folder, change)

    client, warnings = start(make, caplog, model_copy)

    [warning] = warnings
    message = warning.getMessage()
    assert message.startswith(
        f"Recommendations are unavailable: {folder / 'metadata.json'} is not what make train "
        f"writes ({problem}"
    )
    assert message.endswith("; run make train")
    assert "\n" not in message
    assert_catalog_works_and_recommendations_are_unavailable(client)


@pytest.mark.parametrize("bad", [np.nan, np.inf], ids=["nan", "inf"])
def test_popularity_scores_that_are_not_numbers_are_refused_even_with_a_matching_hash(
    make: Callable[..., FlaskClient], caplog: pytest.LogCaptureFixture, model_copy: Path, bad: float
) -> None:
    folder = model_copy / "popularity"
    scores = np.load(folder / "scores.npz")["scores"].copy()
    scores[3] = bad
    _replace_with_matching_hash(folder, "scores.npz", _npz(scores=scores))

    caplog.clear()
    with caplog.at_level(logging.WARNING):
        client = make(RECOMMENDER_DIR=str(model_copy), RECOMMENDER_MODEL="popularity")

    [warning] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert warning.getMessage() == (
        f"Recommendations are unavailable: refusing to load {folder}: scores.npz holds numbers "
        "that are not finite (NaN or infinity) in `scores`; run make train"
    )
    assert client.get("/recommend", query_string={"interests": AI_AGENTS}).status_code == 503


def test_content_vectors_holding_nan_are_refused_even_with_a_matching_hash(
    make: Callable[..., FlaskClient], caplog: pytest.LogCaptureFixture, model_copy: Path
) -> None:
    # Before: they loaded, and every question was answered "no course fits".
    folder = model_copy / "content"
    with np.load(folder / "vectors.npz") as stored:
        arrays = {name: stored[name] for name in stored.files}
    arrays["data"] = np.full_like(arrays["data"], np.nan)
    _replace_with_matching_hash(folder, "vectors.npz", _npz(**arrays))

    client, warnings = start(make, caplog, model_copy)

    [warning] = warnings
    assert "vectors.npz holds numbers that are not finite (NaN or infinity) in `data`" in (
        warning.getMessage()
    )
    assert_catalog_works_and_recommendations_are_unavailable(client)


def test_a_catalog_with_a_nan_rating_is_refused_even_with_a_matching_hash(
    make: Callable[..., FlaskClient], caplog: pytest.LogCaptureFixture, model_copy: Path
) -> None:
    # Python's json reads NaN, which is not JSON; the page would show a rating of "nan".
    folder = model_copy / "content"
    catalog = json.loads((folder / "catalog.json").read_text(encoding="utf-8"))
    catalog[0]["rating"] = float("nan")
    _replace_with_matching_hash(folder, "catalog.json", json.dumps(catalog).encode())

    client, warnings = start(make, caplog, model_copy)

    [warning] = warnings
    assert (
        f"refusing to load {folder}: catalog.json is not valid JSON (NaN is not a number in JSON)"
        in warning.getMessage()
    )
    assert_catalog_works_and_recommendations_are_unavailable(client)


# --- the redesign keeps both features -------------------------------------------------------------


@pytest.fixture
def redesigned(make: Callable[..., FlaskClient], trained_models: Path) -> FlaskClient:
    return make(RECOMMENDER_DIR=str(trained_models), RECOMMENDER_MODEL="content", REDESIGN=True)


def test_the_redesign_recommends_the_same_courses_in_the_same_order_with_its_own_markup(
    client: FlaskClient, redesigned: FlaskClient
) -> None:
    for query in [f"interests={AI_AGENTS}", "interests=web+design&level=beginner&k=9"]:
        before = ranked(soup(client.get(f"/recommend?{query}")))
        after = soup(redesigned.get(f"/recommend?{query}"))
        picks = [
            (pick["data-course"], float(pick["data-fit"]))
            for pick in after.select("ol.picks > li.pick")
        ]
        assert picks == before and before, query
        assert after.select(".rec-card") == []
        first = after.select_one("li.pick")
        assert visible(first.select_one(".pick-rank")) == "1"
        assert visible(first.select_one(".fit b")) == f"{before[0][1]:.4f}"


def test_the_redesigned_course_page_shows_what_students_also_liked(
    client: FlaskClient, redesigned: FlaskClient
) -> None:
    before = also_liked(soup(client.get(f"/courses/{AI_AGENTS_COURSE}")))
    page = soup(redesigned.get(f"/courses/{AI_AGENTS_COURSE}"))

    section = page.select_one("section.more-like-this")
    assert visible(section.select_one("h2")) == "Students who liked this also liked"
    assert [pick["data-course"] for pick in section.select("li.pick")] == before
    assert page.select_one("[data-course]")["data-course"] == AI_AGENTS_COURSE


def test_the_redesign_links_to_recommendations_and_shows_errors_next_to_the_field(
    redesigned: FlaskClient,
) -> None:
    home = soup(redesigned.get("/"))
    assert home.select_one('.menu a[href="/recommend"]') is not None
    assert home.select_one('.banner-aside a[href="/recommend"]') is not None

    response = redesigned.get("/recommend?interests=++&k=99")
    assert response.status_code == 400
    page = soup(response)
    assert visible(page.select_one("#interests-error")) == INTERESTS_ERROR
    assert page.select_one("#interests")["aria-describedby"] == "interests-error"
    k_group = page.select_one("#k").find_parent(class_="input-group")
    assert visible(k_group.select_one(".input-error")) == "Choose a whole number from 1 to 20."


def test_the_redesign_says_recommendations_are_unavailable_when_the_model_is_missing(
    make: Callable[..., FlaskClient], tmp_path: Path
) -> None:
    client = make(RECOMMENDER_DIR=str(tmp_path / "none"), REDESIGN=True)

    course = soup(client.get(f"/courses/{AI_AGENTS_COURSE}"))
    assert UNAVAILABLE in visible(course.select_one("section.more-like-this"))
    asked = client.get("/recommend", query_string={"interests": AI_AGENTS})
    assert asked.status_code == 503
    assert "Recommendations are unavailable right now" in visible(soup(asked))
    assert len(soup(client.get("/")).select("li.tile")) == 12
