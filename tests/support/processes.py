"""Start a program, wait until it answers, stop it: one way for every test and benchmark.

Each program runs in a process group of its own (a new session), with everything it prints
going to a log file. Waiting polls its address until it answers 200, and fails with the end of
the log if the program stops first or does not answer in time. Stopping sends SIGTERM to the
whole group, as Ctrl-C in a terminal would reach uvicorn's workers or the program make started,
then SIGKILL to whatever is left after a few seconds. Every wait is bounded.
"""

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0  # seconds; a loaded machine imports scikit-learn slowly
STOP_TIMEOUT = 10.0
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class DidNotStart(RuntimeError):
    """The program stopped, or did not answer in time; the message ends with its output."""


def answers(url: str, timeout: float = 2) -> bool:
    """Whether `url` answers 200 now (straight to 127.0.0.1, whatever proxy is set)."""
    try:
        with NO_PROXY.open(url, timeout=timeout) as response:
            return response.status == 200
    except urllib.error.HTTPError as error:
        error.close()
        return False
    except OSError:  # not listening yet, or a reset while it starts
        return False


@dataclass
class Program:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def printed(self) -> str:
        """All it has printed so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def output(self, last: int = 3000) -> str:
        """The end of what it printed, for a failure's message."""
        return self.printed()[-last:]

    def wait_until(self, ready: Callable[[], bool], what: str, timeout: float) -> None:
        """Poll `ready()` until it is true; raise DidNotStart if the program stops first or
        `timeout` seconds pass."""
        deadline = time.monotonic() + timeout
        while not ready():
            if self.process.poll() is not None:
                status = self.process.returncode
                raise DidNotStart(f"{self.name} stopped (status {status}):\n{self.output()}")
            if time.monotonic() > deadline:
                raise DidNotStart(f"{self.name} did not {what} in {timeout:g} s:\n{self.output()}")
            time.sleep(0.05)

    def wait_until_answers(self, url: str, timeout: float = START_TIMEOUT) -> None:
        self.wait_until(lambda: answers(url), f"answer at {url}", timeout)

    def wait_until_it_prints(self, text: str, times: int = 1) -> None:
        """Wait until its output holds `text` `times` times (each uvicorn worker says it)."""
        printed = lambda: self.printed().count(text) >= times  # noqa: E731
        self.wait_until(printed, f"print {text!r}", START_TIMEOUT)

    def signal(self, number: signal.Signals) -> None:
        """Send `number` to every process of the group. Only while its first process is not
        yet reaped: until then its id, which names the group, cannot belong to anyone else."""
        if self.process.returncode is None:
            with suppress(ProcessLookupError):  # the whole group has gone already
                os.killpg(self.process.pid, number)

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """SIGTERM to the group (SIGCONT too: a frozen program must run to act on it); SIGKILL
        if it has not ended after `timeout` seconds. Returns once the group has gone."""
        self.signal(signal.SIGTERM)
        self.signal(signal.SIGCONT)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.process.wait(timeout=timeout)
        _wait_for_group(self.process.pid, timeout)


def _wait_for_group(group: int, timeout: float) -> None:
    """Wait until the group's other processes are gone too (make's child may outlive make)."""
    deadline = time.monotonic() + timeout
    with suppress(ProcessLookupError, PermissionError):
        while True:
            os.killpg(group, 0)  # raises once no process of the group is left
            if time.monotonic() > deadline:
                os.killpg(group, signal.SIGKILL)
                return
            time.sleep(0.05)


def start(
    name: str,
    command: Sequence[str],
    env: Mapping[str, str],
    log: Path,
    *,
    cwd: Path = REPO_ROOT,
    **popen: Any,
) -> Program:
    """Start `command` in a process group of its own, its output to `log`; return at once.
    `env` is the whole environment (tests/support/environment.py's `clean_environment`)."""
    with log.open("wb") as output:  # the child keeps its own copy of the file handle
        options = {"cwd": cwd, "env": dict(env), "start_new_session": True, **popen}
        process = subprocess.Popen(
            list(command), stdout=output, stderr=subprocess.STDOUT, **options
        )
    return Program(name, process, log)


@contextmanager
def running(
    name: str,
    command: Sequence[str],
    env: Mapping[str, str],
    log: Path,
    ready_url: str | None = None,
    *,
    timeout: float = START_TIMEOUT,
    **popen: Any,
) -> Iterator[Program]:
    """`start`, then (with `ready_url`) wait until it answers 200; stopped when the block ends."""
    program = start(name, command, env, log, **popen)
    try:
        if ready_url is not None:
            program.wait_until_answers(ready_url, timeout)
        yield program
    finally:
        program.stop()
