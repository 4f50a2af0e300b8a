"""The demo's pauses: Enter, b, q, --no-pause, and no pause when nobody is at a terminal.

No server starts here: the steps are fakes that record when they run.
"""

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from rich.console import Console

from demo.pause import Action, ask, should_pause
from demo.runner import run_story
from demo.steps import Step, StepFailed


class FakeStdin(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def answers(*typed: str) -> Callable[[str], str]:
    """A `read` that types these answers, in order, then fails the test if asked again."""
    left: Iterator[str] = iter(typed)

    def read(_prompt: str) -> str:
        try:
            return next(left)
        except StopIteration:
            pytest.fail("the demo asked for more answers than the test typed")

    return read


@pytest.mark.parametrize(
    ("typed", "action"),
    [("", Action.NEXT), ("b", Action.AGAIN), ("q", Action.QUIT), ("  Q ", Action.QUIT)],
)
def test_each_answer(typed: str, action: Action) -> None:
    assert ask(answers(typed)) is action


def test_an_unknown_answer_asks_again_and_says_what_it_got() -> None:
    prompts: list[str] = []
    typed = iter(["next please", "b"])

    def read(prompt: str) -> str:
        prompts.append(prompt)
        return next(typed)

    assert ask(read) is Action.AGAIN
    assert len(prompts) == 2 and "'next please'?" in prompts[1]


def test_end_of_input_stops() -> None:
    def read(_prompt: str) -> str:
        raise EOFError

    assert ask(read) is Action.QUIT


@pytest.mark.parametrize(
    ("no_pause", "tty", "pauses"),
    [(False, True, True), (True, True, False), (False, False, False), (True, False, False)],
)
def test_pauses_only_at_a_terminal_without_no_pause(
    no_pause: bool, tty: bool, pauses: bool
) -> None:
    assert should_pause(no_pause, FakeStdin(tty)) is pauses


@dataclass
class FakeContext:
    """What run_story uses of a Context: a console and the programs' addresses."""

    out: io.StringIO = field(default_factory=io.StringIO)
    urls: dict[str, str] = field(default_factory=dict)
    ran: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.console = Console(file=self.out, width=120)


def fake_step(title: str, fails: Exception | None = None) -> Step:
    def run(ctx: Any) -> None:
        ctx.ran.append(title)
        if fails:
            raise fails

    return Step("05", title, f"narration of {title}", frozenset(), run)


STEPS = [fake_step("one"), fake_step("two"), fake_step("three")]


def test_enter_goes_on_b_repeats_q_stops() -> None:
    ctx = FakeContext()
    # Enter to begin; after "one": b (again), then Enter; after "two": q.
    code = run_story(ctx, STEPS, pausing=True, read=answers("", "b", "", "q"))  # type: ignore[arg-type]
    assert code == 0
    assert ctx.ran == ["one", "one", "two"]
    assert "Stopping, as asked." in ctx.out.getvalue()


def test_q_before_the_first_step_runs_nothing() -> None:
    ctx = FakeContext()
    assert run_story(ctx, STEPS, pausing=True, read=answers("q")) == 0  # type: ignore[arg-type]
    assert ctx.ran == []


def test_enter_after_the_last_step_ends() -> None:
    ctx = FakeContext()
    code = run_story(ctx, STEPS, pausing=True, read=answers("", "", "", ""))  # type: ignore[arg-type]
    assert code == 0 and ctx.ran == ["one", "two", "three"]


def test_without_pauses_nothing_is_read() -> None:
    ctx = FakeContext()
    assert run_story(ctx, STEPS, pausing=False, read=answers()) == 0  # type: ignore[arg-type]
    assert ctx.ran == ["one", "two", "three"]


@pytest.mark.parametrize(
    ("error", "seen"),
    [(StepFailed("status 200, not 404"), "status 200, not 404"), (KeyError("x"), "KeyError")],
)
def test_a_step_that_misbehaves_ends_the_story(error: Exception, seen: str) -> None:
    ctx = FakeContext()
    steps = [fake_step("one"), fake_step("two", fails=error), fake_step("three")]
    assert run_story(ctx, steps, pausing=False, read=answers()) == 1  # type: ignore[arg-type]
    assert ctx.ran == ["one", "two"]
    output = " ".join(ctx.out.getvalue().split())
    assert 'Step 2 (lesson 05, "two") did not behave as narrated.' in output
    assert seen in output
