"""Reading the lessons: their code blocks, the prose around them, and the commands they give.

A command lives in a ```console block after a `$ ` prompt. The lines after it, up to the next
prompt, are what it prints; a line `...` stands for lines left out. A line ending in a
backslash continues on the next one. Inline code in the prose that starts with `make` is a
command as well.
"""

import re
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]


def reading_order(path: Path) -> tuple[str, ...]:
    """Lessons in number order, each deep dive ("04-x-deep-dive.md") right after its lesson
    ("04-x.md"), and a further deep dive named by its topic ("04-x-deep-dive-y.md") after that,
    so that a deep dive's commands may build on its lesson's."""
    relative = path.relative_to(REPO_ROOT / "lessons")
    lesson, deep_dive, topic = relative.name.removesuffix(".md").partition("-deep-dive")
    return (*relative.parent.parts, lesson, deep_dive, topic)


LESSONS = sorted((REPO_ROOT / "lessons").rglob("*.md"), key=reading_order)

FENCE = re.compile(r"^(`{3,}|~{3,})\s*([\w+-]*)")
INLINE_CODE = re.compile(r"`([^`\n]+)`")
UNCHECKED_INLINE = re.compile(r"\$\s+\S|curl\s")  # `$ make run`, `curl ...` in the prose
# A link to one of the live programs; the tests check that it opens.
URL_IN_PROSE = re.compile(r"http://127\.0\.0\.1:(?:5050|8000|8001)(?![0-9])[^\s)>\]`'\"]*")


@dataclass(frozen=True)
class Block:
    """A fenced code block of a lesson."""

    lesson: str
    line: int  # of the opening fence, counting from 1
    language: str
    lines: tuple[str, ...]
    generated: bool  # inside <!-- snippet --> markers


@dataclass(frozen=True)
class Command:
    """One command the lesson tells the learner to type, with the output it shows."""

    lesson: str
    line: int
    text: str
    shown: tuple[str, ...] = ()  # the lines the lesson says it prints
    in_console: bool = True  # False for `make ...` written inline in the prose

    def __str__(self) -> str:
        return f"lessons/{self.lesson} line {self.line}: $ {self.text}"


@dataclass(frozen=True)
class Lesson:
    name: str
    blocks: tuple[Block, ...]
    prose: tuple[tuple[int, str], ...]  # (line number, text) of every line outside code blocks


def read_lesson(path: Path) -> Lesson:
    blocks: list[Block] = []
    prose: list[tuple[int, str]] = []
    body: list[str] = []
    fence, language, start = "", "", 0
    in_snippet = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fence:
            if line.strip() == fence:
                name = path.relative_to(REPO_ROOT / "lessons").as_posix()
                blocks.append(Block(name, start, language, tuple(body), in_snippet))
                fence = ""
            else:
                body.append(line)
        elif match := FENCE.match(line):
            fence, language, start, body = match[1], match[2], number, []
        else:
            in_snippet = line.startswith("<!-- snippet:") or (
                in_snippet and not line.startswith("<!-- /snippet -->")
            )
            prose.append((number, line))
    assert not fence, f"{path.name}: the code block opened on line {start} is never closed"
    return Lesson(path.relative_to(REPO_ROOT / "lessons").as_posix(), tuple(blocks), tuple(prose))


def console_commands(block: Block) -> list[Command]:
    commands: list[Command] = []
    shown: list[str] = []
    text, line = "", 0
    for offset, raw in enumerate(block.lines, start=1):
        if text.endswith("\\"):  # a command continued on the next line
            text = text[:-1] + " " + raw.strip()
        elif raw.startswith("$ "):
            if text:
                commands.append(Command(block.lesson, line, text, tuple(shown)))
            text, line, shown = raw[2:].strip(), block.line + offset, []
        elif text:
            shown.append(raw)
    if text:
        commands.append(Command(block.lesson, line, text, tuple(shown)))
    return commands


def inline_commands(lesson: Lesson) -> list[Command]:
    return [
        Command(lesson.name, number, code, in_console=False)
        for number, line in lesson.prose
        for code in INLINE_CODE.findall(line)
        if code == "make" or code.startswith("make ")
    ]


ALL_LESSONS = [read_lesson(path) for path in LESSONS]
ALL_COMMANDS = [
    command
    for lesson in ALL_LESSONS
    for command in [
        *(
            c
            for block in lesson.blocks
            if block.language == "console"
            for c in console_commands(block)
        ),
        *inline_commands(lesson),
    ]
]

LINKED_URLS = sorted(
    {
        url.rstrip(".,;:!?")
        for lesson in ALL_LESSONS
        for _, line in lesson.prose
        for url in URL_IN_PROSE.findall(line)
    }
)


def command_id(command: Command) -> str:
    text = command.text if len(command.text) <= 50 else command.text[:47] + "..."
    return f"{command.lesson}:{command.line}: {text}"
