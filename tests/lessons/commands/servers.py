"""The live programs the lessons talk to: the monolith, the catalog API and the ML service.

Each is started once per test session, when first needed, by make itself, on a free port,
with its data in a temporary folder: MONOLITH_DATABASE, DATABASE_URL=sqlite:///<tmp>/api.sqlite3,
and the model that `make train` wrote to MODEL_DIR (and MONOLITH_MODEL_DIR). Commands get the
live addresses in place of the lessons' ports (and MONOLITH_URL, API_URL, ML_URL), and their
output gets the lessons' ports back. All lessons share the programs, in lesson order: a lesson
that enrolls someone uses an email of its own, and one that uses up a partner key's rate limit
makes a key of its own.
"""

import re
import signal
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.lessons.commands.kinds import (
    BACKGROUND_TARGETS,
    LESSON_ADDRESS,
    make_arguments,
    make_targets,
    server_target,
    split_assignments,
)
from tests.lessons.commands.makefile import live_make, venv_bin
from tests.lessons.commands.output import PLACEHOLDERS
from tests.lessons.commands.parse import REPO_ROOT, Command
from tests.lessons.commands.programs import SERVER_AT, SERVERS, Instance
from tests.support.environment import clean_environment
from tests.support.ports import free_port
from tests.support.processes import Program, answers, start

TRAIN = "make train"  # also writes the model the ML service and the monolith serve


class Servers:
    """The programs the lessons talk to, each started by make, once, when first needed."""

    START_TIMEOUT = 90  # seconds; a loaded CI machine imports scikit-learn slowly

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        self.work = self.folder / "work"  # where live make commands run: their var/ is here
        self.work.mkdir()
        self.model_dir = self.folder / "models"
        self.database_url = f"sqlite:///{self.folder / 'api.sqlite3'}"
        self.instances: dict[tuple[str, tuple[tuple[str, str], ...]], Instance] = {}
        self.defaults = {name: self.instance(name) for name in SERVERS}
        self.programs: dict[str, Program] = {}
        self.background: dict[str, str] = {}  # command -> the label of its process
        self.wanted: list[Instance] = []  # second copies the lessons will start

    def instance(self, server: str, variables: Mapping[str, str] | None = None) -> Instance:
        key = (server, tuple(sorted((variables or {}).items())))
        if key not in self.instances:
            label = f"{server}-{len(self.instances)}" if key[1] else server
            self.instances[key] = Instance(server, key[1], free_port(), label)
        return self.instances[key]

    def environment(self, current: Mapping[str, Instance] | None = None, **extra: str) -> dict:
        """What every live program and command gets: where the (current) servers are, and the
        temporary data. `extra` (what the lesson exported or put in front) wins."""
        chosen = {**self.defaults, **(current or {})}
        ours = dict(
            HOME=str(self.folder),
            CURL_HOME=str(self.folder),
            MONOLITH_DATABASE=str(self.folder / "monolith.sqlite3"),
            MONOLITH_MODEL_DIR=str(self.model_dir),
            DATABASE_URL=self.database_url,
            MODEL_DIR=str(self.model_dir),
            MONOLITH_URL=f"http://{chosen['monolith'].address}",
            API_URL=f"http://{chosen['api'].address}",
            ML_URL=f"http://{chosen['ml'].address}",
            **{SERVERS[name].port_variable: str(copy.port) for name, copy in chosen.items()},
        )
        return clean_environment(**{**ours, **extra})

    def _spawn(self, label: str, argv: list[str], environment: dict, cwd: Path) -> None:
        # A process group of its own: stop() ends make and the program make started, together.
        log = self.folder / f"{label}.log"
        self.programs[label] = start(label, argv, environment, log, cwd=cwd)

    def log(self, label: str) -> str:
        return self.programs[label].printed()

    # make targets run in the background: `make train` first, which writes the model

    def start_in_background(self, text: str) -> None:
        if text not in self.background:
            label = f"make-{len(self.background)}"
            self.background[text] = label
            self._spawn(label, live_make(*make_arguments(text)), self.environment(), self.work)

    def background_output(self, text: str) -> tuple[str, int]:
        """What `make ...` printed, and its exit status, once it has finished."""
        self.start_in_background(text)
        label = self.background[text]
        try:
            status = self.programs[label].process.wait(timeout=300)
        except subprocess.TimeoutExpired:
            pytest.fail(f"$ {text}\ntook over 300 s:\n{self.log(label)}")
        return self.log(label), status

    def train(self) -> None:
        output, status = self.background_output(TRAIN)
        assert status == 0, f"$ {TRAIN}\nfailed, so there is no model to serve:\n{output}"

    def _trained(self) -> bool:
        label = self.background.get(TRAIN)
        return label is not None and self.programs[label].process.poll() is not None

    # the servers

    def _spawn_server(self, copy: Instance) -> None:
        if copy.label not in self.programs:
            port = f"{SERVERS[copy.server].port_variable}={copy.port}"
            environment = self.environment(**dict(copy.variables))
            self._spawn(copy.label, live_make(copy.server, port), environment, REPO_ROOT)

    def start(self, copy: Instance) -> None:
        if copy.label in self.programs:
            return
        if SERVERS[copy.server].needs_model:
            self.train()
            for name, default in self.defaults.items():  # they all waited for the model
                if SERVERS[name].needs_model:
                    self._spawn_server(default)
        self._spawn_server(copy)

    def prestart(self, commands: list[Command]) -> None:
        """Start what can start now, and the commands whose output does not depend on the
        lessons' order. The rest starts as soon as it can (see `_progress`)."""
        self.start_in_background(TRAIN)
        self.start(self.defaults["api"])
        for command in commands:
            assignments = split_assignments(command.text)[0]
            if not assignments and set(make_targets(command)) <= BACKGROUND_TARGETS:
                self.start_in_background(command.text)
            server = server_target(command)
            if server and assignments and not set(assignments.values()) & set(PLACEHOLDERS):
                self.wanted.append(self.instance(server, assignments))

    def _progress(self) -> None:
        """Start whatever was waiting and may start now: the servers that need the model once
        it is trained, and each second copy once the first copy is up (they share its data,
        which the first one creates)."""
        if self._trained():
            for name, default in self.defaults.items():
                if SERVERS[name].needs_model:
                    self.start(default)
        for default in self.defaults.values():
            spawned = default.label in self.programs
            if spawned and not default.ready:
                default.ready = answers(
                    f"http://{default.address}{SERVERS[default.server].ready_path}"
                )
        for copy in self.wanted:
            if self.defaults[copy.server].ready:
                self.start(copy)

    def ready(self, copy: Instance) -> Instance:
        """`copy`, started and answering."""
        self._progress()
        self.start(copy)
        if not copy.ready:
            url = f"http://{copy.address}{SERVERS[copy.server].ready_path}"
            self.programs[copy.label].wait_until_answers(url, self.START_TIMEOUT)
            copy.ready = True
            self._progress()
        return copy

    def stop(self) -> None:
        for program in self.programs.values():  # all at once, then each waited for
            program.signal(signal.SIGTERM)
        for program in self.programs.values():
            program.stop()

    # between the lessons' world and the live one

    def to_live(self, text: str, current: Mapping[str, Instance] | None = None) -> str:
        """The lesson's addresses replaced with the live ones (starting those servers)."""

        def live(match: re.Match[str]) -> str:
            server = SERVER_AT[match[0]]
            return self.ready((current or {}).get(server) or self.defaults[server]).address

        return LESSON_ADDRESS.sub(live, text)

    def to_lesson(self, text: str) -> str:
        """Live addresses and temporary paths put back as the lesson writes them."""
        for copy in self.instances.values():
            lesson_address = SERVERS[copy.server].lesson_address
            text = re.sub(rf"127\.0\.0\.1:{copy.port}(?![0-9])", lesson_address, text)
            lesson_port = lesson_address.rpartition(":")[2]
            text = re.sub(rf"(?<=--port ){copy.port}(?![0-9])", lesson_port, text)  # uvicorn
        written, real = venv_bin()
        text = text.replace(str(REPO_ROOT / "Makefile"), "Makefile")
        text = text.replace(str(real), written)
        return text.replace(str(self.model_dir), "var/models")
