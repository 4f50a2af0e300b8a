"""Exercise 08.1: a third model behind the ML service's unchanged contract, `MODEL=newest`.

The check trains as `make train` does (`python -m decoupled.ml.train`, into a temporary
MODEL_DIR), then starts the ML service in-process on that folder with `MODEL=newest` and asks
it what the frontend and the Python client ask: recommendations, similar courses, the model.
Last, `make evaluate` must list the new model beside the other two.
"""

import contextlib
import io
import json
import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.exercises.registry import Exercise, NotDone, expect
from tests.exercises.support import DATASET
from tests.support.models import TrainingFailed, train_models

EXERCISE = Exercise(
    "08.1",
    "A third model behind the same contract: MODEL=newest, the newest courses first",
    "08-ml-model-instead-of-a-database.md",
)

MODEL = "newest"
ASK = {"interests": "I want to build AI agents", "level": "beginner", "k": 5}
COURSE = "build-ai-agents-with-python-from-zero-to-your-first-agent"
FIELDS = {"slug", "title", "level", "price", "rating", "category", "score"}


def check() -> str:
    courses = {course["slug"]: course for course in json.loads(DATASET.read_text("utf-8"))}
    with tempfile.TemporaryDirectory() as name:
        model_dir = Path(name) / "models"
        _train(model_dir)
        trained = sorted(path.parent.name for path in model_dir.glob("*/metadata.json"))
        expect(
            MODEL in trained,
            f"make train wrote {', '.join(trained) or 'nothing'} into MODEL_DIR, and no "
            f"{MODEL}/: add the new model where training finds every model "
            "(decoupled/ml/models.py).",
        )
        expect(
            {"content", "popularity"} <= set(trained),
            f"make train wrote only {', '.join(trained)}: keep the content and popularity models.",
        )
        with _ml_service(model_dir) as ml:
            answer = _ok(ml.post("/v1/recommendations", json=ASK), "POST /v1/recommendations")
            _expect_newest_first(answer, courses, "POST /v1/recommendations", level="beginner")
            similar = _ok(ml.get(f"/v1/courses/{COURSE}/similar?k=3"), "GET .../similar")
            _expect_newest_first(similar, courses, f"GET /v1/courses/{COURSE}/similar")
            expect(
                all(
                    courses[item["slug"]]["category"] == courses[COURSE]["category"]
                    for item in similar["items"]
                )
                and COURSE not in _slugs(similar),
                f"GET /v1/courses/{COURSE}/similar answers {_slugs(similar)}: give the newest "
                "other courses of the same category.",
            )
            model = _ok(ml.get("/v1/model"), "GET /v1/model")
            expect(
                model.get("model") == MODEL,
                f"GET /v1/model says {model.get('model')!r}, not {MODEL!r}.",
            )
    table = {line.split()[0]: line.split()[1:] for line in _evaluate()}
    expect(MODEL in table, f"make evaluate lists {', '.join(table)}, but not {MODEL}.")
    return (
        f"make train writes the {MODEL} model; with MODEL={MODEL} the service answers the same "
        "requests in the same shapes, newest courses first; make evaluate scores it "
        f"(precision@5 and nDCG@5: {' and '.join(table[MODEL])})."
    )


def _train(model_dir: Path) -> None:
    """`make train` into `model_dir`, as a separate process."""
    try:
        train_models(model_dir, DATA_FILE=str(DATASET))
    except TrainingFailed as failed:
        last = str(failed).strip().splitlines()[-1]
        raise NotDone(f"make train (python -m decoupled.ml.train) fails: {last}") from None


@contextlib.contextmanager
def _ml_service(model_dir: Path) -> Iterator[Any]:
    """The ML service in-process, with MODEL=newest, its model loaded as under uvicorn."""
    from fastapi.testclient import TestClient
    from pydantic import ValidationError

    from decoupled.ml.config import Settings
    from decoupled.ml.main import create_app

    try:
        settings = Settings(model=MODEL, model_dir=model_dir, data_file=DATASET)
    except ValidationError:
        raise NotDone(
            f"The ML service refuses MODEL={MODEL}: its settings know only the other models "
            "(ModelName in decoupled/ml/schemas.py)."
        ) from None
    # A server error becomes a 500 answer, as a client would see it, and its logged
    # traceback stays out of the check's report.
    logging.disable(logging.ERROR)
    try:
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            yield client
    finally:
        logging.disable(logging.NOTSET)


def _ok(response: Any, what: str) -> dict[str, Any]:
    expect(
        response.status_code != 500,
        f"With MODEL={MODEL}, {what} fails with a 500: is {MODEL!r} among the model names an "
        "answer may carry (decoupled/ml/schemas.py)? `MODEL=newest make ml` logs the error.",
    )
    expect(
        response.status_code == 200,
        f"With MODEL={MODEL}, {what} answers {response.status_code}: {response.text[:200]}",
    )
    return response.json()


def _slugs(answer: dict[str, Any]) -> list[str]:
    return [item["slug"] for item in answer["items"]]


def _expect_newest_first(
    answer: dict[str, Any], courses: dict[str, dict[str, Any]], what: str, level: str | None = None
) -> None:
    expect(
        answer.get("model") == MODEL,
        f"With MODEL={MODEL}, {what} says the {answer.get('model')!r} model answered.",
    )
    items = answer["items"]
    expect(items, f"With MODEL={MODEL}, {what} answers no courses.")
    expect(
        all(set(item) == FIELDS for item in items),
        f"{what} answers items with the fields {sorted(items[0])}, not {sorted(FIELDS)}: the "
        "contract must not change.",
    )
    dates = [courses[item["slug"]]["published"] for item in items]
    scores = [item["score"] for item in items]
    candidates = [c for c in courses.values() if level is None or c["level"] == level]
    newest = sorted((c["published"] for c in candidates), reverse=True)
    expect(
        dates == sorted(dates, reverse=True) and scores == sorted(scores, reverse=True),
        f"{what} lists courses published on {', '.join(dates)}, with the scores {scores}: "
        "the newest first, the highest score first.",
    )
    if level is not None:
        expect(
            all(courses[slug]["level"] == level for slug in _slugs(answer))
            and dates == newest[: len(dates)],
            f"{what} lists {level} courses published on {', '.join(dates)}; the newest "
            f"{level} courses were published on {', '.join(newest[: len(dates)])}.",
        )


def _evaluate() -> list[str]:
    """The table `make evaluate` prints, without its heading: one line per model."""
    from decoupled.ml import evaluate

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        evaluate.main()
    lines = [line for line in printed.getvalue().splitlines() if line.strip()]
    return lines[2:]
