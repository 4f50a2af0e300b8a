"""What a step can do: send a request, run a command, stop a program, say something.

Everything a step does goes through here, so everything it does is shown the same way: a
request as an HTTP exchange, a command as the line a learner would type (`python -m ...`,
`flask ...`) with the variables in front of it, then what it printed.
"""

import shlex
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from rich.console import Console

from demo import show
from demo.programs import BIN
from demo.servers import REPO_ROOT, Running, child_environment
from demo.steps import StepFailed, expect

# What a command starts with on the screen -> what runs: the venv's own interpreter and scripts.
EXECUTABLES = {"python": sys.executable, "flask": str(BIN / "flask")}


@dataclass(frozen=True)
class Finished:
    """A command that ran: its exit status, what it printed, how long it took."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass
class Context:
    console: Console
    running: Running
    folder: Path  # the temporary folder: databases, logs, the partners' CSV files
    model_dir: Path
    http: requests.Session

    @property
    def urls(self) -> dict[str, str]:
        return {name: program.url for name, program in self.running.programs.items()}

    def say(self, text: str) -> None:
        show.note(self.console, text)

    def request(
        self,
        method: str,
        program: str,
        path: str,
        *,
        quiet: bool = False,
        pick: str | None = None,
        show_headers: Sequence[str] = (),
        secrets: Sequence[str] = (),
        limit: int = show.BODY_LINES,
        **kwargs: Any,
    ) -> requests.Response:
        """Send one request to `program` and show the exchange (unless `quiet`)."""
        url = self.urls[program] + path
        try:
            response = self.http.request(method, url, timeout=10, **kwargs)
        except requests.ConnectionError as error:
            raise StepFailed(f"{method} {url} got no answer: {error}") from error
        if not quiet:
            shown = {"pick": pick, "headers": show_headers, "secrets": secrets, "limit": limit}
            show.exchange(self.console, response, **shown)
        return response

    def get(self, program: str, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", program, path, **kwargs)

    def post(self, program: str, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", program, path, **kwargs)

    def refused(self, method: str, program: str, path: str, **kwargs: Any) -> bool:
        """Try a request that should find nobody listening; show it; True if it did."""
        url = self.urls[program] + path
        try:
            response = self.http.request(method, url, timeout=10, **kwargs)
        except requests.ConnectionError:
            show.refused(self.console, method, url, "connection refused, nothing listens there")
            return True
        show.exchange(self.console, response)
        return False

    def run(
        self,
        argv: Sequence[str],
        env: Mapping[str, str] | None = None,
        *,
        secrets: Sequence[str] = (),
        prints_a_key: bool = False,
    ) -> Finished:
        """Run `argv` as a learner would type it (`["python", "-m", ...]`) and show it.
        `prints_a_key`: its last line is a key, cut short on the screen like `secrets`."""
        env = dict(env or {})
        shown = " ".join([*(f"{k}={shlex.quote(v)}" for k, v in env.items()), shlex.join(argv)])
        # Tables as wide as the panels that show them (the client reads COLUMNS).
        env.setdefault("COLUMNS", str(max(self.console.width - 4, 60)))
        started = time.monotonic()
        done = subprocess.run(  # noqa: S603 (a fixed command of ours)
            [EXECUTABLES.get(argv[0], argv[0]), *argv[1:]],
            cwd=REPO_ROOT,
            env=child_environment(env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        finished = Finished(done.returncode, done.stdout, done.stderr, time.monotonic() - started)
        if prints_a_key and done.stdout.strip():
            secrets = [*secrets, done.stdout.strip().splitlines()[-1]]
        show.command(self.console, shown, finished, secrets=secrets)
        return finished

    def new_key(self, argv: Sequence[str], env: Mapping[str, str]) -> str:
        """Run a command that makes an API key and prints it last; the key."""
        made = self.run(argv, env, prints_a_key=True)
        expect(made.returncode == 0, f"{shlex.join(argv)} failed: {made.stderr.strip()}")
        return made.stdout.strip().splitlines()[-1]

    def partner_key(self, name: str) -> str:
        """A catalog API key for partner `name`, made as `make partner-key NAME=...` does."""
        database = {"DATABASE_URL": self.running.programs["api"].env["DATABASE_URL"]}
        return self.new_key(
            ["python", "-m", "decoupled.backend.cli", "create-partner-key", name], database
        )

    def running_again(self, program: str) -> None:
        """Start `program` again if an earlier step stopped it (lesson 08 stops the ML service)."""
        if self.running.is_stopped(program):
            self.running.restart(program)
            self.say(
                f"Started the {program} again, stopped by an earlier step: {self.urls[program]}"
            )

    def stop(self, program: str) -> None:
        pid = self.running.stop(program)
        self.say(f"Stopped the {program} (process {pid}, SIGTERM): {self.urls[program]}")
