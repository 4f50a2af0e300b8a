"""Between steps: wait for the instructor, or do not wait at all.

In a terminal the demo waits after each step, so the class can read it and ask questions:

    Enter       the next step
    b + Enter   this step again (its requests are sent again, live)
    q + Enter   stop: every program is stopped, the demo ends

With `--no-pause`, and whenever standard input is not a terminal (a pipe, a test, CI), it
runs straight through: nobody is there to press Enter.
"""

from collections.abc import Callable
from enum import Enum
from typing import TextIO

HINT = "Enter: next step · b + Enter: this step again · q + Enter: stop"


class Action(Enum):
    NEXT = "next"
    AGAIN = "again"
    QUIT = "quit"


ANSWERS = {"": Action.NEXT, "b": Action.AGAIN, "q": Action.QUIT}


def should_pause(no_pause: bool, stdin: TextIO) -> bool:
    """Wait between steps only when asked to and when someone can answer."""
    return not no_pause and stdin.isatty()


def ask(read: Callable[[str], str], prompt: str = HINT) -> Action:
    """Read answers until one is understood. End of input (Ctrl-D) means stop."""
    while True:
        try:
            answer = read(f"{prompt} ").strip().lower()
        except EOFError:
            return Action.QUIT
        if answer in ANSWERS:
            return ANSWERS[answer]
        prompt = f"{answer!r}? {HINT}"
