"""Sorting each command of a lesson into the kind of command the tests know how to run.

Every command is of one of these kinds, or its test fails:

    [NAME=value ...] make [TARGET...] [VAR=value...]
        The target exists in the Makefile and `make -n` accepts the whole line. Then, by target:
        help (and `make` alone),   run for real.
        urls
        monolith, api, ml          the server is started for real, by make, on a free port, in
                                   the lesson's order (see servers.py). Variables in front
                                   (`MONOLITH_REDESIGN=1 make monolith`) start a second copy with
                                   them; the lesson's later commands reach that copy, until a
                                   plain `make monolith` brings back the first.
        partner-key, client,       run for real by make, in the lesson's order, against the live
        monolith-partner-key,      programs, in a temporary folder (so var/ is never touched).
        partner-scrape, agent,
        agent-scrape, mcp-config,
        partner-api, train,        make is told not to rebuild .venv or the model first. `make
        evaluate                   train` and `make evaluate` depend on no lesson, so they run
                                   once a session, in the background; `make train` also writes
                                   the model the ML service and the monolith load.
        any other target           installs, serves or deletes: only dry-run, so the lesson may
                                   not show its output.
        A value in front may be a placeholder that an earlier command showed:
        `PARTNER_API_KEY=<partner-key> make partner-api`.
    curl ... URL [| grep | head | ... | python3 -m json.tool]
        URL on the monolith (http://127.0.0.1:5050), the catalog API (http://127.0.0.1:8000) or
        the ML service (http://127.0.0.1:8001). Run for real with bash, in the lesson's order.
    export NAME=<placeholder>
        The learner pastes what an earlier command printed, e.g.
        `export PARTNER_API_KEY=<partner-key>` after `make partner-key NAME=acme`. The test sets
        NAME to what that command really printed, for the lesson's later commands.
    python3 --version, make --version
        Run for real; the output must start with the word the lesson shows ("Python", "GNU").
    python3 lessons/snippets.py [--check]
        Run for real, with --check so that the test never rewrites a lesson.

A new kind of command needs a new branch in `kind_of` and a test that runs it (see harness.py);
until then the lesson's test fails, which is the point.
"""

import re
import shlex

from tests.lessons.commands.makefile import default_goal
from tests.lessons.commands.output import PLACEHOLDERS
from tests.lessons.commands.parse import ALL_COMMANDS, Command

# The addresses the lessons use; the tests swap in free ports, and back again in the output.
MONOLITH = "127.0.0.1:5050"
API = "127.0.0.1:8000"
ML = "127.0.0.1:8001"
LESSON_ADDRESS = re.compile(r"127\.0\.0\.1:(?:5050|8000|8001)(?![0-9])")

PIPE_PROGRAMS = {"grep", "head", "tail", "sed", "wc", "sort", "uniq", "cut", "tr"}
JSON_TOOL = ["python3", "-m", "json.tool"]  # may end a pipe, with --options
RUN_FOR_REAL = {"help", "urls"}  # quick, harmless make targets
SERVER_TARGETS = {"monolith", "api", "ml"}  # started for real, in the lesson's order
# Run for real, in the lesson's order, against the live programs (and the servers each needs).
LIVE_TARGETS: dict[str, tuple[str, ...]] = {
    "partner-key": ("api",),
    "monolith-partner-key": ("monolith",),
    "client": ("api",),
    "partner-scrape": ("monolith",),
    "partner-api": ("api",),
    "agent": ("api", "ml"),
    "agent-scrape": ("monolith",),
    "mcp-config": (),
    "train": (),
    "evaluate": (),
}
# Live targets whose output depends on nothing a lesson changes: run in the background as the
# session starts, while the servers start, and their output is kept for the lessons.
BACKGROUND_TARGETS = {"train", "evaluate"}
EXPORT = re.compile(r"export ([A-Za-z_][A-Za-z0-9_]*)=(<[a-z-]+>)")
# `NAME=value ` in front of a command: a plain value, or a placeholder shown earlier.
ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(<[a-z-]+>|[A-Za-z0-9_.,:/@%+-]*)\s+")


def pipeline(text: str) -> list[list[str]] | None:
    """The stages of `a | b | c`, or None if the line uses any other shell operator."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    stages: list[list[str]] = [[]]
    try:
        for token in lexer:
            if token == "|":
                stages.append([])
            elif set(token) <= set("();<>|&"):
                return None
            else:
                stages[-1].append(token)
    except ValueError:  # an unclosed quote
        return None
    return stages if all(stages) else None


def split_assignments(text: str) -> tuple[dict[str, str], str]:
    """`A=1 B=<partner-key> make x` -> ({"A": "1", "B": "<partner-key>"}, "make x")."""
    assignments: dict[str, str] = {}
    while match := ASSIGNMENT.match(text):
        assignments[match[1]] = match[2]
        text = text[match.end() :]
    return assignments, text


def is_lesson_url(word: str) -> bool:
    """http://127.0.0.1:5050, :8000 or :8001, alone or followed by a path or a query."""
    return re.fullmatch(r"http://127\.0\.0\.1:(?:5050|8000|8001)(?:[/?#]\S*)?", word) is not None


def may_follow_in_a_pipe(stage: list[str]) -> bool:
    if stage[0] in PIPE_PROGRAMS:
        return True
    return stage[:3] == JSON_TOOL and all(word.startswith("--") for word in stage[3:])


def kind_of(text: str) -> str:
    if match := EXPORT.fullmatch(text):
        return "export" if match[2] in PLACEHOLDERS else "unknown"
    assignments, rest = split_assignments(text)
    if assignments:  # only make may have variables in front
        # `KEY=... make x` asks the learner to paste something: write it as a placeholder.
        known = all(
            (v in PLACEHOLDERS if v.startswith("<") else v.strip(".")) for v in assignments.values()
        )
        return "make" if known and kind_of(rest) == "make" else "unknown"
    stages = pipeline(text)
    if stages is None:
        return "unknown"
    words = stages[0]
    if len(stages) == 1 and words in (["python3", "--version"], ["make", "--version"]):
        return "version"
    if len(stages) == 1 and words[0] == "make":
        return "make" if not any(word.startswith("-") for word in words) else "unknown"
    if len(stages) == 1 and words[:2] == ["python3", "lessons/snippets.py"]:
        return "snippets" if words[2:] in ([], ["--check"]) else "unknown"
    if (
        words[0] == "curl"
        and any(is_lesson_url(word) for word in words)
        and all(may_follow_in_a_pipe(stage) for stage in stages[1:])
    ):
        return "curl"
    return "unknown"


def make_arguments(text: str) -> list[str]:
    """What follows `make` (variables in front of it left out)."""
    return shlex.split(split_assignments(text)[1])[1:]


def make_targets(command: Command) -> list[str]:
    targets = [word for word in make_arguments(command.text) if "=" not in word]
    return targets or [default_goal()]


def server_target(command: Command) -> str | None:
    """`monolith`, `api` or `ml` for a command that starts one of the live servers."""
    targets = make_targets(command)
    return targets[0] if len(targets) == 1 and targets[0] in SERVER_TARGETS else None


def is_live(command: Command) -> bool:
    """Run for real, in the lesson's order, against the live programs."""
    if not command.in_console:
        return False
    kind = kind_of(command.text)
    if kind in ("curl", "export"):
        return True
    if kind != "make":
        return False
    return server_target(command) is not None or set(make_targets(command)) <= set(LIVE_TARGETS)


def commands_of_kind(kind: str) -> list[Command]:
    return [command for command in ALL_COMMANDS if kind_of(command.text) == kind]


LIVE_LESSON_COMMANDS = [command for command in ALL_COMMANDS if is_live(command)]
