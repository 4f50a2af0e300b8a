"""Exercise 09.2: a pickier agent, `--min-rating`, with a search to fall back on.

The check runs the agent as `make agent` does (`python -m agents.api_agent`, which starts the
MCP server over stdio), against a real catalog API and ML service on free ports: the API on a
fresh database, the ML service on models trained for the check into a temporary folder. It
reads the transcript the agent prints: its tool calls (`[3] similar_courses {...}`) and its
answer (`  Next:  Title (intermediate, English, $129.99, 4.6/5, 11 hours)`).
"""

import json
import subprocess
import sys
import tempfile
import urllib.parse
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.exercises.checks.live_api import catalog_api, get_json, last_words
from tests.exercises.registry import Exercise, NotDone, expect
from tests.exercises.support import DATASET, REPO_ROOT
from tests.support import processes
from tests.support.environment import clean_environment
from tests.support.models import TrainingFailed, training
from tests.support.ports import free_port

EXERCISE = Exercise(
    "09.2",
    "A pickier agent: --min-rating for the next course, with a search to fall back on",
    "09-ai-agents-as-third-parties.md",
)

STARS = 4.5
AGENT = "python -m agents.api_agent"
FIRST = (
    "  First: Prompt Engineering for Agents and LLM Workflows "
    "(beginner, English, $49.99, 4.5/5, 6 hours)"
)
NEXT = (
    "  Next:  LangChain and LangGraph: Stateful Agents in Practice "
    "(intermediate, English, $84.99, 4.2/5, 12.5 hours)"
)
CALLS = [
    ("search_courses", {"q": "ai agents", "level": "beginner", "max_price": 50, "sort": "rating"}),
    ("similar_courses", {"slug": "prompt-engineering-for-agents-and-llm-workflows", "k": 4}),
    ("get_course", {"slug": "langchain-and-langgraph-stateful-agents-in-practice"}),
]


def check() -> str:
    _expect_the_option()  # at once, before the services are started
    with _services() as (api_url, ml_url):
        picky, plain, easy = _run_agents(
            api_url, ml_url, [f"--min-rating={STARS:g}"], [], ["--min-rating=4"]
        )
        fitting = _search(
            api_url, q="ai agents", level="intermediate", min_rating=STARS, sort="rating"
        )

    expect(
        plain.ok and plain.calls == CALLS and plain.answer == [FIRST, NEXT],
        f"Without --min-rating, {AGENT} no longer does what it did: {plain.summary}. Keep "
        "today's plan when no rating is asked for (make agent and its tests rely on it).",
    )
    expect(
        picky.ok,
        f"{AGENT} --min-rating {STARS:g} {picky.failure}. None of the 4 similar courses is "
        f"intermediate and rated {STARS:g} or more: then search the catalog for one "
        "(search_courses with level and min_rating) and take the first it finds.",
    )
    expect(
        picky.answer[:1] == [FIRST],
        f"With --min-rating {STARS:g}, the first course changed: {picky.summary}. The rating "
        "is for the course to take next.",
    )
    then = picky.next_course()
    expect(
        then.level == "intermediate" and then.rating >= STARS,
        f"With --min-rating {STARS:g}, the next course is {then.title} ({then.level}, rated "
        f"{then.rating:g}): take one level up (intermediate) and rated {STARS:g} or more.",
    )
    names = [name for name, _ in picky.calls]
    expect(
        "similar_courses" in names,
        f"With --min-rating {STARS:g}, the agent no longer asks similar_courses first: "
        f"{picky.summary}.",
    )
    after = picky.calls[names.index("similar_courses") + 1 :]
    searched = [arguments for name, arguments in after if name == "search_courses"]
    expect(
        any(
            arguments.get("level") == "intermediate" and arguments.get("min_rating") == STARS
            for arguments in searched
        ),
        f"None of the 4 similar courses is intermediate and rated {STARS:g} or more, and the "
        "agent did not fall back to search_courses with level intermediate and min_rating "
        f"{STARS:g}: {picky.summary}.",
    )
    expect(
        then.title in fitting,
        f"With --min-rating {STARS:g}, the next course is {then.title}, which is not among "
        f'the intermediate courses on "ai agents" rated {STARS:g} or more ({", ".join(fitting)}).',
    )

    expect(
        easy.ok and easy.answer == [FIRST, NEXT] and easy.calls == CALLS,
        "With --min-rating 4, the most similar intermediate course (LangChain, rated 4.2) "
        f"fits, so the agent should take it and search no more: {easy.summary}.",
    )
    return (
        f"With --min-rating {STARS:g}, none of the similar courses is good enough, so the agent "
        f"searches the catalog with min_rating and proposes {then.title} (rated "
        f"{then.rating:g}); with --min-rating 4, or none, it does what it did."
    )


def _expect_the_option() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "agents.api_agent", "--help"],
        cwd=REPO_ROOT,
        env=clean_environment(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    said = (shown.stderr.strip().splitlines() or ["nothing"])[-1]
    expect(shown.returncode == 0, f"{AGENT} --help fails: {said}")
    expect(
        "--min-rating" in shown.stdout,
        f"{AGENT} --help lists no --min-rating option yet: add one to agents/api_agent.py.",
    )


# --- the services ---------------------------------------------------------------------------


@contextmanager
def _services() -> Iterator[tuple[str, str]]:
    """The catalog API and the ML service on free ports, the model trained for the check."""
    with tempfile.TemporaryDirectory() as name, ExitStack() as services:
        folder = Path(name)
        trained = services.enter_context(training(folder / "models", DATA_FILE=str(DATASET)))
        api_url = services.enter_context(catalog_api())  # started while the models train
        try:
            models = trained()
        except TrainingFailed as failed:
            last = str(failed).strip().splitlines()[-1]
            raise NotDone(f"make train (python -m decoupled.ml.train) fails: {last}") from None
        yield api_url, services.enter_context(_ml_service(folder, models))


@contextmanager
def _ml_service(folder: Path, models: Path) -> Iterator[str]:
    """`make ml` (uvicorn decoupled.ml.main:app) on a free port and these models."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "uvicorn", "decoupled.ml.main:app"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    env = clean_environment(MODEL_DIR=str(models), MODEL="content", DATA_FILE=str(DATASET))
    with processes.running("the ML service", command, env, folder / "ml.log") as ml:
        try:
            ml.wait_until_answers(f"{url}/healthz", timeout=30)
        except processes.DidNotStart:
            raise NotDone(
                "The check could not start the ML service (uvicorn decoupled.ml.main:app); "
                f"its last words: {last_words(ml)} Does `make ml` start?"
            ) from None
        yield url


def _search(api_url: str, **params: Any) -> list[str]:
    """The titles the API finds, every one (at most 100)."""
    query = urllib.parse.urlencode({**params, "per_page": 100})
    status, answer = get_json(f"{api_url}/api/v1/courses?{query}")
    expect(status == 200, f"The catalog API answers {status} to a search: {answer}")
    return [item["title"] for item in answer["items"]]


# --- the agent, and what it printed ---------------------------------------------------------


@dataclass(frozen=True)
class Course:
    title: str
    level: str
    rating: float


@dataclass(frozen=True)
class Transcript:
    args: list[str]
    returncode: int
    lines: list[str]
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and len(self.answer) == 2

    @property
    def calls(self) -> list[tuple[str, dict[str, Any]]]:
        """The tool calls, `[2] search_courses {...}`, after listing the tools."""
        found = []
        for line in self.lines:
            if line.startswith("[") and "] " in line and "{" in line:
                name, _, arguments = line.split("] ", 1)[1].partition(" ")
                try:
                    found.append((name, json.loads(arguments)))
                except json.JSONDecodeError:
                    found.append((name, {"unreadable": arguments}))
        return found

    @property
    def answer(self) -> list[str]:
        return [line for line in self.lines if line.startswith(("  First: ", "  Next:  "))]

    def next_course(self) -> Course:
        """The course of the `Next:` line: its title, level and rating."""
        line = self.answer[-1].removeprefix("  Next:  ")
        title, _, facts = line.rpartition(" (")
        parts = facts.rstrip(")").split(", ")
        try:
            return Course(title, parts[0], float(parts[3].split("/")[0]))
        except (IndexError, ValueError):
            raise NotDone(
                f"The agent's answer reads {line!r}: keep the answer's shape, "
                "Title (level, language, price, rating/5, hours)."
            ) from None

    @property
    def failure(self) -> str:
        """Why it did not answer, in one line."""
        failed = [line for line in self.lines if line.startswith("FAILED: ")]
        if failed:
            return f"stops: {failed[-1]}"
        errors = [line.strip() for line in self.stderr.splitlines() if line.strip()]
        if errors:
            return f"stops: {errors[-1]}"  # argparse's error, or a traceback's last line
        return "gives no answer"

    @property
    def summary(self) -> str:
        """What the run did, short: its calls and its answer."""
        calls = "; ".join(f"{name} {json.dumps(arguments)}" for name, arguments in self.calls)
        if not self.ok:
            return f"it {self.failure} (after {calls or 'no call'})"
        said = " / ".join(line.strip() for line in self.answer)
        return f"it called {calls} and answered {said}"


def _run_agents(api_url: str, ml_url: str, *runs: list[str]) -> list[Transcript]:
    """Run the agent once for each list of arguments, all at once; their transcripts."""
    env = clean_environment(API_URL=api_url, ML_URL=ml_url)
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "agents.api_agent", *args],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for args in runs
    ]
    done = []
    for args, process in zip(runs, started, strict=True):
        try:
            stdout, stderr = process.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            stdout, stderr = "", f"{AGENT} was still running after 90 seconds."
        done.append(Transcript(args, process.returncode, stdout.splitlines(), stderr))
    return done
