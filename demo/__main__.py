"""`python -m demo [--lesson 05] [--no-pause]`, what `make demo` runs. See demo/__init__.py.

Exit status: 0 when every step behaved as narrated (or `q` stopped it), 1 when a step did
not, 2 when the demo could not start (a busy port, no trained model, an unknown lesson),
130 after Ctrl-C. In every case, every program it started is stopped before it exits.

MODEL_DIR says where the trained models are (default var/models, where `make train` writes
them); the ports come from the variables listed in ports.py.
"""

import argparse
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import requests
from rich.console import Console

from demo import show
from demo.context import Context
from demo.pause import should_pause
from demo.ports import PORTS, PortProblem, check_free, read_ports
from demo.programs import lineup
from demo.runner import run_story
from demo.servers import REPO_ROOT, Running, StartFailed
from demo.steps import Step, needed_programs, select
from demo.story import STORY

MODELS = ("content", "popularity")
DESCRIPTION = "The instructor's live demo: CourseHub's story, lesson by lesson, on real servers."


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m demo", description=DESCRIPTION)
    parser.add_argument("--lesson", metavar="NN", help="only this lesson's steps, e.g. 05")
    parser.add_argument(
        "--no-pause", action="store_true", help="run straight through, without waiting for Enter"
    )
    return parser.parse_args(argv)


def make_console() -> Console:
    """The terminal's width in a terminal; else (a pipe, a log) wide enough for the panels."""
    wide = sys.stdout.isatty() or "COLUMNS" in os.environ
    return Console(width=None if wide else 110, highlight=False)


def missing_model(model_dir: Path) -> str | None:
    """Why the trained models cannot be used, or None when both are there."""
    for model in MODELS:
        if not (model_dir / model / "metadata.json").is_file():
            return f"No trained {model} model in {model_dir}: run `make train` first."
    return None


def stop_on_sigterm() -> None:
    """A SIGTERM (a closed terminal, a process manager) ends the demo like Ctrl-C does: the
    `with` blocks unwind, and every program is stopped."""

    def leave(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, leave)


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO = sys.stdin,
    read: Callable[[str], str] | None = None,
) -> int:
    args = parse_args(argv)
    console = make_console()
    try:
        steps = select(STORY, args.lesson)
        ports = read_ports(PORTS, os.environ)
        needed = needed_programs(steps)
        check_free({name: port for name, port in ports.items() if name in needed})
    except (ValueError, PortProblem) as problem:
        console.print(f"[red]{problem}", soft_wrap=True)
        return 2
    model_dir = Path(os.environ.get("MODEL_DIR") or REPO_ROOT / "var" / "models")
    if problem := missing_model(model_dir):
        console.print(f"[red]{problem}", soft_wrap=True)
        return 2
    stop_on_sigterm()
    began = time.monotonic()
    try:
        pausing = should_pause(args.no_pause, stdin)
        code = tell(console, steps, Setup(ports, needed, model_dir), pausing, read)
    except KeyboardInterrupt:
        console.print("\nInterrupted: every program is stopped.")
        return 130
    console.print(f"\nEvery program is stopped. The demo took {time.monotonic() - began:.0f} s.")
    return code


@dataclass(frozen=True)
class Setup:
    ports: dict[str, int]  # every program's port
    needed: set[str]  # the programs the chosen steps talk to: only these start
    model_dir: Path


def tell(
    console: Console,
    steps: Sequence[Step],
    setup: Setup,
    pausing: bool,
    read: Callable[[str], str] | None,
) -> int:
    """Start the programs, tell the story, stop the programs (whatever happens)."""
    with (
        tempfile.TemporaryDirectory(prefix="coursehub-demo-") as temporary,
        Running(Path(temporary)) as running,
        requests.Session() as http,
    ):
        http.trust_env = False  # no proxy between the demo and 127.0.0.1
        folder = Path(temporary)
        everything = lineup(setup.ports, folder, setup.model_dir)
        programs = {name: one for name, one in everything.items() if name in setup.needed}
        console.print(f"Starting {len(programs)} programs side by side (data in {folder})…")
        running.start(programs.values())
        try:
            running.wait_until_ready()
        except StartFailed as error:
            console.print(f"[red]{error}", soft_wrap=True)
            return 2
        table = {
            name: (program.what, program.url, running.processes[name].pid)
            for name, program in programs.items()
        }
        show.programs(console, table)
        ctx = Context(console, running, folder, setup.model_dir, http)
        return run_story(ctx, steps, pausing=pausing, read=read or console.input)


if __name__ == "__main__":
    sys.exit(main())
