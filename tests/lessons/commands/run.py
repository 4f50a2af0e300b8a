"""Running one lesson's live commands, in its order, as a learner at a terminal would."""

import shutil
import subprocess

import pytest

from tests.lessons.commands.kinds import (
    BACKGROUND_TARGETS,
    EXPORT,
    LIVE_TARGETS,
    is_live,
    kind_of,
    make_arguments,
    make_targets,
    server_target,
    split_assignments,
)
from tests.lessons.commands.makefile import live_make
from tests.lessons.commands.output import PLACEHOLDERS, assert_prints_what_lesson_shows
from tests.lessons.commands.parse import Command
from tests.lessons.commands.servers import Instance, Servers


class LessonRun:
    """One lesson's live commands, run in its order, with what earlier commands left behind."""

    def __init__(self, servers: Servers) -> None:
        self.servers = servers
        self.current: dict[str, Instance] = {}  # the copy of each server the lesson reaches
        self.captured: dict[str, str] = {}  # placeholder -> what it stood for, last seen
        self.exported: dict[str, str] = {}  # `export NAME=...` so far

    def run(self, command: Command) -> None:
        kind = kind_of(command.text)
        assert is_live(command), f"{command} is not a live command"
        if kind == "export":
            self.export(command)
            return
        if kind == "curl":
            if shutil.which("curl") is None or shutil.which("bash") is None:
                pytest.skip("curl and bash are needed to run the lessons' curl commands")
            assert command.shown, f"{command}\nshow what it prints, so the test can check it"
            output, status = self.curl(command)
        elif server_target(command):
            output, status = self.start_server(command)
        else:
            output, status = self.make(command)
        assert command.shown or status == 0, f"{command}\nfailed with status {status}:\n{output}"
        self.captured.update(assert_prints_what_lesson_shows(command, output))

    def pasted(self, command: Command, placeholder: str) -> str:
        """What the learner pastes for `placeholder`: what an earlier command really printed."""
        assert placeholder in self.captured, (
            f"{command}\nno earlier command of this lesson shows a line with {placeholder}, so "
            "there is nothing to paste"
        )
        return self.captured[placeholder]

    def variables(self, command: Command) -> dict[str, str]:
        """The variables in front of the command, with placeholders filled in."""
        return {
            name: self.pasted(command, value)
            if value in PLACEHOLDERS
            else self.servers.to_live(value, self.current)
            for name, value in split_assignments(command.text)[0].items()
        }

    def export(self, command: Command) -> None:
        match = EXPORT.fullmatch(command.text)
        assert match is not None
        assert not command.shown, f"{command}\nexport prints nothing; the lesson shows output"
        self.exported[match[1]] = self.pasted(command, match[2])

    def curl(self, command: Command) -> tuple[str, int]:
        result = subprocess.run(
            ["bash", "-c", self.servers.to_live(command.text, self.current)],
            cwd=self.servers.work,
            env=self.servers.environment(self.current, **self.exported),
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            timeout=60,
            check=False,
        )
        return self.servers.to_lesson(result.stdout + result.stderr), result.returncode

    def start_server(self, command: Command) -> tuple[str, int]:
        """`[NAME=value] make monolith`: that copy of the server is the one the lesson reaches
        from now on. It prints what make and the server printed."""
        settings = [word for word in make_arguments(command.text) if "=" in word]
        assert not settings, (
            f"{command}\nput the settings of a server in front (NAME=value make ...): the "
            "lessons' addresses stay the same"
        )
        server = server_target(command)
        assert server is not None
        copy = self.servers.instance(server, self.variables(command))
        self.current[server] = self.servers.ready(copy)
        return self.servers.to_lesson(self.servers.log(copy.label)), 0

    def make(self, command: Command) -> tuple[str, int]:
        variables = self.variables(command)
        targets = set(make_targets(command))
        if targets <= BACKGROUND_TARGETS and not variables:
            output, status = self.servers.background_output(command.text)
            return self.servers.to_lesson(output), status
        for target in targets:
            for server in LIVE_TARGETS[target]:  # the learner has it running
                self.servers.ready(self.current.get(server) or self.servers.defaults[server])
        arguments = make_arguments(self.servers.to_live(command.text, self.current))
        result = subprocess.run(
            live_make(*arguments),
            cwd=self.servers.work,
            env=self.servers.environment(self.current, **self.exported, **variables),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            encoding="utf-8",
            errors="replace",
            timeout=180,
            check=False,
        )
        return self.servers.to_lesson(result.stdout), result.returncode
