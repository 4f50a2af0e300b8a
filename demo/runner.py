"""Tell the story: each step's heading and narration, then the step itself, then a pause.

The first step that does not behave as narrated ends the story with status 1 and a panel
that names the step and says what was seen; the programs are then stopped by the caller.
"""

from collections.abc import Callable, Sequence

from rich.panel import Panel
from rich.text import Text

from demo import show
from demo.context import Context
from demo.pause import Action, ask
from demo.steps import Step, StepFailed

Read = Callable[[str], str]


def run_story(ctx: Context, steps: Sequence[Step], *, pausing: bool, read: Read) -> int:
    """Run `steps` in order; 0 when each behaved as narrated (or the instructor stopped)."""
    if pausing and ask(read, "Enter: the first step · q + Enter: stop") is Action.QUIT:
        return 0
    index = 0
    while index < len(steps):
        current = steps[index]
        show.heading(ctx.console, index + 1, len(steps), current.lesson, current.title)
        show.narration(ctx.console, current.narrate(ctx.urls))
        try:
            current.run(ctx)
        except StepFailed as failure:
            return failed(ctx, index + 1, current, str(failure))
        except Exception as error:  # a step that crashed did not behave as narrated either
            return failed(ctx, index + 1, current, f"{type(error).__name__}: {error}")
        if pausing:
            action = ask(read)
            if action is Action.QUIT:
                ctx.console.print("Stopping, as asked.")
                return 0
            if action is Action.AGAIN:
                continue
        index += 1
    return 0


def failed(ctx: Context, number: int, step: Step, seen: str) -> int:
    where = f'Step {number} (lesson {step.lesson}, "{step.title}") did not behave as narrated.'
    message = Text(f"{where}\nSeen: {seen}")
    ctx.console.print(Panel(message, border_style="red", title="demo failed", title_align="left"))
    return 1
