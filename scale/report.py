"""What the scale demo shows: who answered in each phase of the load, and what was kept.

The load is cut into phases at the moments instances had stopped: "all up", then after each
stop. A request belongs to the phase in which it was sent: one sent after an instance's process
had exited cannot have been answered by it, whatever the moment its answer arrived.
For each phase, the requests each instance answered, the ones nginx had to send again to
another instance (the client never knew), the ones a client sent again after an answer cut off
mid-way (load.py says why nginx cannot), and the failures a user would have seen. `tally`
counts; `phase_table` and the lines below draw it with `rich` for the terminal.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rich import box
from rich.table import Table

from scale.load import Answer


@dataclass
class Phase:
    """The requests sent between two moments of the load (seconds since it began)."""

    title: str
    start: float
    end: float
    by_instance: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    retried: int = 0
    resent: int = 0
    failed: int = 0

    def add(self, answer: Answer, names: dict[str, str]) -> None:
        self.requests += 1
        self.retried += answer.retried
        self.resent += answer.resent_by_client
        self.failed += answer.failed
        if answer.answered_by:
            self.by_instance[names.get(answer.answered_by, answer.answered_by)] += 1


def tally(
    answers: Sequence[Answer],
    boundaries: Sequence[tuple[str, float]],
    end: float,
    names: dict[str, str],
) -> list[Phase]:
    """Cut the answers into phases: `boundaries` are (title, start) pairs, in order."""
    phases = [
        Phase(title, start, boundaries[i + 1][1] if i + 1 < len(boundaries) else end)
        for i, (title, start) in enumerate(boundaries)
    ]
    for answer in answers:
        phase = next((p for p in reversed(phases) if answer.sent >= p.start), phases[0])
        phase.add(answer, names)
    return phases


def phase_table(phases: Sequence[Phase], instances: Sequence[str]) -> Table:
    table = Table(title="Who answered, phase by phase", box=box.SIMPLE_HEAVY)
    table.add_column("Phase", no_wrap=True)
    table.add_column("Seconds", justify="right")
    table.add_column("Requests", justify="right")
    for name in instances:
        table.add_column(name, justify="right")
    table.add_column("Retried by nginx", justify="right")
    table.add_column("Resent by client", justify="right")
    table.add_column("Failed", justify="right")
    for phase in phases:
        table.add_row(
            phase.title,
            f"{phase.start:.1f}–{phase.end:.1f}",
            f"{phase.requests:,}",
            *(f"{phase.by_instance[name]:,}" for name in instances),
            f"{phase.retried:,}",
            f"{phase.resent:,}",
            f"[bold red]{phase.failed:,}[/]" if phase.failed else "0",
        )
    total = sum((phase.by_instance for phase in phases), Counter())
    table.add_row(
        "[bold]all[/]",
        "",
        f"{sum(phase.requests for phase in phases):,}",
        *(f"{total[name]:,}" for name in instances),
        f"{sum(phase.retried for phase in phases):,}",
        f"{sum(phase.resent for phase in phases):,}",
        f"{sum(phase.failed for phase in phases):,}",
        end_section=True,
    )
    return table


def failures_by_reason(answers: Sequence[Answer]) -> Counter[str]:
    """What went wrong, for the failures only: the status, or the error when none came."""
    return Counter(
        f"{answer.kind}: {answer.status or answer.error}" for answer in answers if answer.failed
    )
