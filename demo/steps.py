"""A step of the demo, and how steps are chosen.

A step is a function that takes the demo's `Context`, decorated with `@step(lesson, title,
needs=...)`. Its docstring is the narration, read out to the class before it runs; `<api>`,
`<frontend>`... in it become those programs' addresses. `needs` names the programs it talks to,
so `make demo LESSON=05` starts only what lesson 05's steps use.

A step checks what happened with `expect(condition, what_was_seen)`: when the demo does not
behave as narrated, it stops there and says so, rather than tell a story that is not true.
"""

import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from demo.context import Context


class StepFailed(Exception):
    """What happened is not what the narration says; the message is what was seen."""


def expect(condition: bool, seen: str) -> None:
    """Go on when `condition` holds; else stop the step, reporting `seen`."""
    if not condition:
        raise StepFailed(seen)


@dataclass(frozen=True)
class Step:
    lesson: str  # "01" to "10"
    title: str
    narration: str
    needs: frozenset[str]
    run: Callable[["Context"], None]

    def narrate(self, urls: dict[str, str]) -> str:
        """The narration with each `<program>` replaced by that program's address."""
        text = self.narration
        for name, url in urls.items():
            text = text.replace(f"<{name}>", url)
        return text


def step(lesson: str, title: str, *, needs: Iterable[str]) -> Callable[..., Step]:
    """Make the decorated function a `Step`, narrated by its docstring."""

    def make(function: Callable[["Context"], None]) -> Step:
        # One line per paragraph: the screen, not the source, decides where lines break.
        paragraphs = inspect.cleandoc(function.__doc__ or "").split("\n\n")
        narration = "\n\n".join(" ".join(part.split()) for part in paragraphs)
        return Step(lesson, title, narration, frozenset(needs), function)

    return make


def lesson_number(text: str) -> str:
    """ "5", "05" or "lesson 05" -> "05"."""
    digits = "".join(character for character in text if character.isdigit())
    if not digits:
        raise ValueError(f"{text!r} is not a lesson number")
    return f"{int(digits):02d}"


def select(steps: Sequence[Step], lesson: str | None) -> list[Step]:
    """Every step, or only those of `lesson`; a `ValueError` naming the lessons there are."""
    if lesson is None:
        return list(steps)
    wanted = lesson_number(lesson)
    chosen = [one for one in steps if one.lesson == wanted]
    if not chosen:
        known = ", ".join(sorted({one.lesson for one in steps}))
        raise ValueError(f"The demo has no step for lesson {wanted}; it has lessons {known}.")
    return chosen


def needed_programs(steps: Iterable[Step]) -> set[str]:
    return set().union(*(one.needs for one in steps))
