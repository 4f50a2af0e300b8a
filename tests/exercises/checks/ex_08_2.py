"""Exercise 08.2: `make client ARGS=model`, the Python client says which model answers.

The check trains both models (the code behind `make train`) into a temporary folder, serves
them with the real ML service under uvicorn, in threads of this process, once with
`MODEL=content` and once with `MODEL=popularity`, and runs the client's command line against
each, as `make client ARGS=model` does: it must name the model, when it was trained and its
two figures, whichever model stands behind the contract.
"""

import contextlib
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from tests.exercises.registry import Exercise, NotDone, expect
from tests.support.commands import start_command
from tests.support.environment import clean_environment
from tests.support.ports import free_port

EXERCISE = Exercise(
    "08.2",
    "The Python client says which model answers: make client ARGS=model",
    "08-ml-model-instead-of-a-database.md",
)

MODELS = ("content", "popularity")
START_TIMEOUT = 30.0


def check() -> str:
    from decoupled.ml.config import Settings
    from decoupled.ml.train import train

    defaults = Settings()
    with tempfile.TemporaryDirectory() as name, contextlib.ExitStack() as services:
        model_dir = Path(name)
        metadata = train(defaults.data_file, defaults.queries_file, model_dir)
        urls = {model: services.enter_context(_serving(model, model_dir)) for model in MODELS}
        runs = {model: _client("model", ML_URL=url) for model, url in urls.items()}
        printed = {model: _finished(run, model) for model, run in runs.items()}

    for model in MODELS:
        shown = printed[model]
        figures = metadata[model]["evaluation"]
        trained = metadata[model]["trained_at"]
        expect(
            _shows(shown, model),
            f"With MODEL={model}, `make client ARGS=model` prints {_quote(shown)}: name the "
            f"model that answers ({model}, from GET /v1/model).",
        )
        expect(
            trained[:10] in shown,
            f"With MODEL={model}, `make client ARGS=model` prints {_quote(shown)}: say when "
            f"the model was trained ({trained}).",
        )
        for figure, label in (("precision_at_5", "precision@5"), ("ndcg_at_5", "nDCG@5")):
            value = figures[figure]
            spellings = {f"{value:.2f}", f"{value:.3f}", f"{value:.4f}", str(value)}
            expect(
                any(_shows(shown, spelling) for spelling in spellings),
                f"With MODEL={model}, `make client ARGS=model` prints {_quote(shown)}: show "
                f"how well it scored, its {label} ({value:.3f}).",
            )
    return (
        "make client ARGS=model names the model behind the ML service, when it was trained and "
        "how it scored, for the content model and for the popularity baseline alike."
    )


@contextlib.contextmanager
def _serving(model: str, model_dir: Path) -> Iterator[str]:
    """The ML service (`make ml`) with MODEL=model, under uvicorn in a thread; its address."""
    import uvicorn

    from decoupled.ml.config import Settings
    from decoupled.ml.main import create_app

    app = create_app(Settings(model=model, model_dir=model_dir))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise NotDone(f"The check could not start the ML service with MODEL={model}.")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _client(*args: str, **env: str) -> subprocess.Popen[str]:
    """`python -m decoupled.client <args>` (what `make client ARGS=...` runs), started."""
    return start_command(
        [sys.executable, "-m", "decoupled.client", *args], clean_environment(**env)
    )


def _finished(run: subprocess.Popen[str], model: str) -> str:
    """What the command printed, once it has ended; NotDone if it failed."""
    try:
        stdout, stderr = run.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        run.kill()
        run.communicate()
        raise NotDone("`make client ARGS=model` was still running after 60 seconds.") from None
    if run.returncode != 0:
        lines = [line.strip() for line in stderr.splitlines() if line.strip()] or ["nothing"]
        said = lines[-1] if lines[0].startswith(("Traceback", "usage:")) else lines[0]
        raise NotDone(
            f"With MODEL={model}, `make client ARGS=model` fails: {said} Add a `model` command "
            "to the client (decoupled/client/cli.py) that asks the ML service GET /v1/model."
        )
    return " ".join(stdout.split())


def _shows(printed: str, word: str) -> bool:
    """`word` in the printed text, as a word of its own: "0.614", not part of "10.6140"."""
    return re.search(rf"(?<![\w.]){re.escape(word)}(?![\w])", printed) is not None


def _quote(text: str) -> str:
    return repr(text if len(text) <= 160 else text[:157] + "...")
