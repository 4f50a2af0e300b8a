"""What both our agents print: the task, the plan, each step with the bytes it read, the answer.

What this teaches: an agent's cost is what it reads. A language model pays for every byte of
a tool's answer (in tokens, in time, in room left in its context), so each step shows how
many bytes came back, and the last line adds them up. The two agents print the same answer
in the same words; only the road to it differs.

Nothing in a transcript depends on the clock or on chance, so two runs on the same data
print the same text, and a test can compare them.
"""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

TASK = "Find me a beginner course on AI agents under $50, then something to take next."
# "Something to take next": the same subject, one level up.
NEXT_LEVEL = {"beginner": "intermediate", "intermediate": "advanced", "advanced": "advanced"}


class AgentFailed(Exception):
    """The plan cannot go on; the message says at which point and why."""


def price(amount: float) -> str:
    return "free" if amount == 0 else f"${amount:,.2f}"


@dataclass(frozen=True)
class Course:
    """The facts the answer gives about a course, however the agent found them."""

    title: str
    level: str
    language: str
    price: float
    rating: float
    hours: float

    def describe(self) -> str:
        return (
            f"{self.title} ({self.level}, {self.language}, {price(self.price)}, "
            f"{self.rating:.1f}/5, {self.hours:g} hours)"
        )


def listing(title: str, level: str, amount: float, rating: float, *extra: str) -> str:
    """One course of a list, on one line: the facts the plans choose on."""
    facts = ", ".join([level, *extra, price(amount), f"{rating:.1f}/5"])
    return f"- {title}: {facts}"


def call_line(name: str, arguments: dict[str, Any]) -> str:
    return f"{name} {json.dumps(arguments, ensure_ascii=False)}"


@dataclass
class Transcript:
    """Lines printed as they come (`out`), and kept; `unit` is what the agent reads."""

    agent: str
    unit: str  # "JSON" or "HTML"
    plan: Sequence[str]
    out: Callable[[str], None] = print
    lines: list[str] = field(default_factory=list)
    steps: int = 0
    total: int = 0

    def say(self, line: str = "") -> None:
        self.lines.append(line)
        self.out(line)

    def start(self) -> None:
        self.say(f"Task: {TASK}")
        self.say(f"Agent: {self.agent}")
        self.say("Plan:")
        for number, step in enumerate(self.plan, start=1):
            self.say(f"  {number}. {step}")
        self.say()

    def step(self, action: str, size: int, summary: Sequence[str] = ()) -> None:
        """One tool call: what was asked, how many bytes came back, what they said."""
        self.steps += 1
        self.total += size
        self.say(f"[{self.steps}] {action}")
        self.say(f"    read {size:,} bytes of {self.unit}")
        for line in summary:
            self.say(f"    {line}")

    def item(self, line: str) -> None:
        """A line of what the last step read."""
        self.say(f"    {line}")

    def chose(self, what: str, why: str) -> None:
        self.say(f"    => {what}: {why}")

    def answer(self, first: Course, then: Course) -> None:
        self.say()
        self.say("Answer:")
        self.say(f"  First: {first.describe()}")
        self.say(f"  Next:  {then.describe()}")
        self.finish()

    def failed(self, error: AgentFailed) -> None:
        self.say()
        self.say(f"FAILED: {error}")
        self.finish()

    def finish(self) -> None:
        steps = f"{self.steps} step{'' if self.steps == 1 else 's'}"
        self.say(f"Read {self.total:,} bytes of {self.unit} in {steps}.")
