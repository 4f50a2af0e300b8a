"""Comparing what a command prints with what the lesson shows.

Each line the lesson shows must appear in the real output, in the same order (colours are
ignored, and any run of spaces counts as one); a line `...` stands for lines left out. A few
placeholders stand for what changes from run to run (see PLACEHOLDERS), and say what they stood
for, so that a later command can use it: `export PARTNER_API_KEY=<partner-key>`.
"""

import functools
import re

from tests.lessons.commands.parse import Command

# What a lesson may write in shown output for a part that changes from run to run.
PLACEHOLDERS = {
    # `make partner-key` prints a new key every time: secrets.token_urlsafe(32)
    "<partner-key>": r"[A-Za-z0-9_-]{43}",
    # a process id, seconds until a rate limit resets, a score...
    "<number>": r"-?[0-9]+(?:\.[0-9]+)?",
    # a file on the learner's machine, e.g. the .venv's python that `make mcp-config` names
    # (the tests show it relative to their copy of the repository, which they hide)
    "<path>": r"[^\s\"]*/[^\s\"]*",
    # when something was created or trained
    "<date-time>": (
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?"
        r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?"
    ),
}
PLACEHOLDER = re.compile("|".join(re.escape(name) for name in PLACEHOLDERS))

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def tidy(line: str) -> str:
    """A line as compared: no colours, and any run of spaces counts as one."""
    return " ".join(ANSI_ESCAPE.sub("", line).split())


@functools.cache
def line_pattern(wanted: str) -> re.Pattern[str]:
    """A shown line (tidied) as a pattern: literal, but for its placeholders."""
    pieces = PLACEHOLDER.split(wanted)
    names = PLACEHOLDER.findall(wanted)
    regex = re.escape(pieces[0])
    for number, (name, piece) in enumerate(zip(names, pieces[1:], strict=True)):
        regex += f"(?P<p{number}>{PLACEHOLDERS[name]})" + re.escape(piece)
    return re.compile(regex)


def find_shown_lines(real_output: str, shown: tuple[str, ...]) -> tuple[str | None, dict[str, str]]:
    """The first shown line not found in the real output (in order), or None if all are; and
    what the placeholders of the shown lines stood for, e.g. {"<partner-key>": "Kx3..."}."""
    captured: dict[str, str] = {}
    real_lines = iter(tidy(line) for line in real_output.splitlines())
    for line in shown:
        wanted = tidy(line)
        if wanted in ("", "..."):
            continue
        pattern = line_pattern(wanted)
        for real in real_lines:
            if match := pattern.fullmatch(real):
                names = PLACEHOLDER.findall(wanted)
                captured.update((name, match[f"p{i}"]) for i, name in enumerate(names))
                break
        else:
            return line, captured
    return None, captured


def missing_line(real_output: str, shown: tuple[str, ...]) -> str | None:
    return find_shown_lines(real_output, shown)[0]


def assert_prints_what_lesson_shows(command: Command, real_output: str) -> dict[str, str]:
    missing, captured = find_shown_lines(real_output, command.shown)
    assert missing is None, (
        f"{command}\nthe lesson shows the line\n    {missing.strip()}\n"
        f"but the command printed:\n{real_output}"
    )
    return captured
