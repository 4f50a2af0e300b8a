"""A learner's first hour with the usual ports taken, run for real.

Everything is started as lesson 00 says, `make run` with the four ports moved (to free ports the
system picks, in place of the lesson's 5151, 8100, 8101 and 3100), with its data in a temporary
folder. Then README's and lesson 00's commands run against it, adapted the way lesson 00's
"After a port change, adapt every command" says: the ports exported in the terminal (and no
address: make must build those), and each address in a curl command or the browser given the
moved port, in an `Origin` header too. And Ctrl-C on `make run` stops all four programs, with no
"Interrupt" from make.
"""

import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.lessons.commands.kinds import RUN_FOR_REAL, kind_of, make_arguments, make_targets
from tests.lessons.commands.makefile import live_make, makefile_variable, needs_make
from tests.lessons.commands.output import assert_prints_what_lesson_shows, tidy
from tests.lessons.commands.parse import (
    ALL_COMMANDS,
    ALL_LESSONS,
    INLINE_CODE,
    REPO_ROOT,
    Command,
)
from tests.lessons.commands.programs import NO_PROXY_OPENER, http_status
from tests.support.environment import clean_environment
from tests.support.ports import free_ports
from tests.support.processes import DidNotStart, Program, answers, start

pytestmark = needs_make

LESSON_00 = "00-setup-and-map.md"
PORTS = ("MONOLITH_PORT", "API_PORT", "ML_PORT", "FRONTEND_PORT")
READY_PATHS = {"MONOLITH_PORT": "/", "API_PORT": "/healthz", "ML_PORT": "/healthz"}
READY_PATHS["FRONTEND_PORT"] = "/"
START_TIMEOUT = 120  # seconds for all four; a loaded machine imports scikit-learn slowly
USUAL = {name: makefile_variable(name) for name in PORTS}
# An address on this machine, as the lessons write one: the port is what may move.
ADDRESS = re.compile(r"(?<=127\.0\.0\.1:|localhost:)([0-9]+)(?![0-9])")
PORT_SETTING = re.compile(rf"\b({'|'.join(PORTS)})=([0-9]+)")


def lesson_00_export() -> dict[str, str]:
    """The ports lesson 00 tells a learner to export: `export MONOLITH_PORT=5151 ...`."""
    (lesson,) = [lesson for lesson in ALL_LESSONS if lesson.name == LESSON_00]
    for _, line in lesson.prose:
        for code in INLINE_CODE.findall(line):
            if code.startswith("export "):
                return dict(word.split("=", 1) for word in code.split()[1:])
    return {}  # the fixture `learner` says what is missing


EXAMPLE = lesson_00_export()


@dataclass
class Moved:
    """The four programs' live ports, and how the lessons' commands and output map to them."""

    ports: dict[str, int]
    environment: dict[str, str]  # the learner's terminal: the ports exported, and our data
    folder: Path
    running: Program | None = None  # its `make run`

    def port_for(self, written: str) -> str:
        """The live port for a port the lessons write (usual or example), else `written`."""
        for name in PORTS:
            if written in (USUAL[name], EXAMPLE.get(name)):
                return str(self.ports[name])
        return written

    def adapt(self, text: str) -> str:
        """`text` as a learner on the moved ports types it."""
        text = ADDRESS.sub(lambda match: self.port_for(match[1]), text)
        return PORT_SETTING.sub(lambda match: f"{match[1]}={self.ports[match[1]]}", text)

    def back(self, text: str) -> str:
        """Output as the lessons show it: the moved ports put back to the usual ones."""
        usual = {str(self.ports[name]): USUAL[name] for name in PORTS}
        return ADDRESS.sub(lambda match: usual.get(match[1], match[1]), text)

    def url(self, name: str, path: str = "") -> str:
        return f"http://127.0.0.1:{self.ports[name]}{path}"


def moved_environment(folder: Path, model_dir: Path, ports: dict[str, int]) -> dict[str, str]:
    """A learner's terminal after lesson 00's export, with the data in `folder`."""
    return clean_environment(
        HOME=str(folder),
        CURL_HOME=str(folder),
        MONOLITH_DATABASE=str(folder / "monolith.sqlite3"),
        DATABASE_URL=f"sqlite:///{folder / 'api.sqlite3'}",
        MODEL_DIR=str(model_dir),
        MONOLITH_MODEL_DIR=str(model_dir),
        **{name: str(port) for name, port in ports.items()},
    )


# As a terminal's Ctrl-C needs: SIGINT at its default, even where the test runner ignores it.
DEFAULT_SIGINT = [
    sys.executable,
    "-c",
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execvp(sys.argv[1], sys.argv[1:])",
]


def start_make_run(moved: Moved, *settings: str) -> Program:
    """`make run [settings]` in its own session, as a terminal runs it; return once all four
    programs answer."""
    log = moved.folder / f"make-run-{time.monotonic_ns()}.log"
    running = start(
        "make run", [*DEFAULT_SIGINT, *live_make("run", *settings)], moved.environment, log
    )
    try:
        running.wait_until(
            lambda: all(answers(moved.url(name, READY_PATHS[name])) for name in PORTS),
            "start all four programs",
            START_TIMEOUT,
        )
    except DidNotStart:
        running.stop(timeout=20)
        raise
    return running


@pytest.fixture(scope="module")
def model_dir(trained_models: Path) -> Path:
    """The recommenders, trained once for the whole run (tests/conftest.py)."""
    return trained_models


def moved(folder: Path, model_dir: Path) -> Moved:
    ports = dict(zip(PORTS, free_ports(len(PORTS)), strict=True))
    return Moved(ports, moved_environment(folder, model_dir, ports), folder)


@pytest.fixture(scope="module")
def learner(tmp_path_factory: pytest.TempPathFactory, model_dir: Path) -> Iterator[Moved]:
    """Everything running on moved ports, started with lesson 00's `make run MONOLITH_PORT=...`."""
    (command,) = [
        c for c in ALL_COMMANDS if c.lesson == LESSON_00 and c.in_console and "make run " in c.text
    ]
    assert set(EXAMPLE) == set(PORTS), f"lessons/{LESSON_00} exports {EXAMPLE}, not each port"
    assert all(f"{name}={port}" in command.text for name, port in EXAMPLE.items()), command
    terminal = moved(tmp_path_factory.mktemp("learner"), model_dir)
    terminal.running = start_make_run(terminal, *make_arguments(terminal.adapt(command.text))[1:])
    try:
        yield terminal
    finally:
        terminal.running.stop(timeout=20)


def run_for_real(learner: Moved, arguments: list[str]) -> subprocess.CompletedProcess[str]:
    """`make ...` typed in the learner's terminal (a folder of its own: var/ lands there)."""
    work = learner.folder / "work"
    work.mkdir(exist_ok=True)
    return subprocess.run(
        live_make(*arguments),
        cwd=work,
        env=learner.environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=180,
        check=False,
    )


def dry_run(learner: Moved, arguments: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-n", *arguments],
        cwd=REPO_ROOT,
        env=learner.environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


USUAL_ADDRESS = re.compile(rf"127\.0\.0\.1:(?:{'|'.join(USUAL.values())})(?![0-9])")


# ---- what make run started ---------------------------------------------------------------


def test_the_frontend_is_told_where_the_moved_api_and_ml_service_are(learner: Moved) -> None:
    with NO_PROXY_OPENER.open(learner.url("FRONTEND_PORT", "/config.js"), timeout=10) as answer:
        config = answer.read().decode()

    assert f'export const API_URL = "{learner.url("API_PORT")}";' in config
    assert f'export const ML_URL = "{learner.url("ML_PORT")}";' in config


def preflight(url: str, origin: str) -> tuple[int, str | None]:
    """The browser's question before a JSON POST from `origin`: status, allowed origin."""
    request = urllib.request.Request(
        url,
        method="OPTIONS",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    try:
        with NO_PROXY_OPENER.open(request, timeout=10) as answer:
            return answer.status, answer.headers["access-control-allow-origin"]
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, error.headers["access-control-allow-origin"]


@pytest.mark.parametrize(
    ("server", "path"),
    [("API_PORT", "/api/v1/courses/any/enrollments"), ("ML_PORT", "/v1/recommendations")],
)
def test_both_services_let_in_the_moved_frontend_and_not_port_3000(
    learner: Moved, server: str, path: str
) -> None:
    frontend = learner.ports["FRONTEND_PORT"]
    for origin in (f"http://127.0.0.1:{frontend}", f"http://localhost:{frontend}"):
        assert preflight(learner.url(server, path), origin) == (200, origin)

    assert preflight(learner.url(server, path), "http://127.0.0.1:3000") == (400, None)


def test_make_run_printed_the_moved_addresses(learner: Moved) -> None:
    assert learner.running is not None
    printed = [tidy(line) for line in learner.running.output().splitlines()]

    assert "Starting CourseHub, both architectures (Ctrl-C stops them all):" in printed
    assert f"monolith {learner.url('MONOLITH_PORT')}" in printed
    assert f"catalog API {learner.url('API_PORT')} (docs at /docs)" in printed
    assert f"ML service {learner.url('ML_PORT')} (docs at /docs)" in printed
    assert f"frontend {learner.url('FRONTEND_PORT')}" in printed


# ---- lesson 00's commands and addresses ----------------------------------------------------


def test_every_address_lesson_00_gives_opens_on_the_moved_ports(learner: Moved) -> None:
    (lesson,) = [lesson for lesson in ALL_LESSONS if lesson.name == LESSON_00]
    urls = {
        url.rstrip(".,;:")
        for _, line in lesson.prose
        for url in re.findall(r"http://127\.0\.0\.1:[0-9]+[^\s)>\]`'\"]*", line)
    }
    assert len(urls) >= 4, urls
    for url in sorted(urls):
        status = http_status(learner.adapt(url))
        bare = ADDRESS.sub("", url) == "http://127.0.0.1:"
        assert status < 500 if bare else status == 200, f"{url} as {learner.adapt(url)}: {status}"


def lesson_00_make_commands() -> list[Command]:
    return [c for c in ALL_COMMANDS if c.lesson == LESSON_00 and kind_of(c.text) == "make"]


def test_lesson_00s_make_commands_work_with_the_ports_exported(learner: Moved) -> None:
    commands = lesson_00_make_commands()
    assert {"help", "urls", "run"} <= {target for c in commands for target in make_targets(c)}
    for command in commands:
        arguments = make_arguments(learner.adapt(command.text))
        if set(make_targets(command)) <= RUN_FOR_REAL:
            result = run_for_real(learner, arguments)
            assert result.returncode == 0, f"{command}\n{result.stdout}"
            assert_prints_what_lesson_shows(command, learner.back(result.stdout))
        else:
            result = dry_run(learner, arguments)
            assert result.returncode == 0, f"{command}\n{result.stderr}"


def test_make_urls_in_the_learners_terminal_prints_the_moved_addresses(learner: Moved) -> None:
    printed = run_for_real(learner, ["-s", "urls"]).stdout.splitlines()

    assert printed[:4] == [
        f"monolith      {learner.url('MONOLITH_PORT')}",
        f"catalog API   {learner.url('API_PORT')}  (docs at /docs)",
        f"ML service    {learner.url('ML_PORT')}  (docs at /docs)",
        f"frontend      {learner.url('FRONTEND_PORT')}",
    ]


def test_lessons_cors_commands_work_after_a_frontend_port_change(learner: Moved) -> None:
    """Lesson 04's preflight (and troubleshooting's) from the frontend's origin, with the
    learner's ports in the address and in `Origin`, as lesson 00 says: still 200."""
    if shutil.which("curl") is None or shutil.which("bash") is None:
        pytest.skip("curl and bash are needed to run the lessons' curl commands")
    commands = [
        c
        for c in ALL_COMMANDS
        if kind_of(c.text) == "curl" and "Origin: http://127.0.0.1:3000" in c.text
    ]
    assert any(c.lesson.startswith("04-") for c in commands)
    for command in commands:
        result = subprocess.run(
            ["bash", "-c", learner.adapt(command.text)],
            env=learner.environment,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert_prints_what_lesson_shows(command, learner.back(result.stdout + result.stderr))


# ---- README's commands -----------------------------------------------------------------------


def readme_commands() -> tuple[list[str], list[str]]:
    """README's commands: those of its code blocks, and the `make ...` written in its prose."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```bash\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    in_blocks = [line for block in blocks for line in block.splitlines() if line.strip()]
    prose = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    inline = [code for code in INLINE_CODE.findall(prose) if code.startswith("make ")]
    return in_blocks, inline


# The partners' programs say where they read from.
READS_FROM = {"partner-api": "API_PORT", "partner-scrape": "MONOLITH_PORT"}


def test_readmes_commands_work_with_the_ports_exported(learner: Moved) -> None:
    in_blocks, inline = readme_commands()
    key = ""
    ran = set()
    for line in in_blocks:
        words = shlex.split(line.replace("<that key>", key), comments=True)
        settings = {}
        while words and "=" in words[0]:
            name, _, value = words.pop(0).partition("=")
            settings[name] = value
        assert words[0] == "make", line
        target = words[1]
        if target in ("run", "test"):  # run: the one running; test: the whole suite
            assert dry_run(learner, words[1:]).returncode == 0, line
            continue
        result = run_for_real(learner, [*words[1:], *(f"{n}={v}" for n, v in settings.items())])
        assert result.returncode == 0, f"$ {line}\n{result.stdout}"
        assert not USUAL_ADDRESS.search(result.stdout), f"$ {line}\n{result.stdout}"
        if target in READS_FROM:
            moved_address = learner.url(READS_FROM[target])
            assert f"of {moved_address} into var/" in result.stdout, result.stdout
        if target == "partner-key":
            key = re.findall(r"^[A-Za-z0-9_-]{43}$", result.stdout, re.MULTILINE)[-1]
        ran.add(target)
    assert {"client", "partner-key", *READS_FROM} <= ran
    for line in inline:
        result = dry_run(learner, shlex.split(learner.adapt(line))[1:])
        assert result.returncode == 0, f"{line}\n{result.stderr}"


def test_the_mcp_config_names_the_moved_services(learner: Moved) -> None:
    printed = run_for_real(learner, ["-s", "mcp-config"]).stdout

    assert f'"API_URL": "{learner.url("API_PORT")}"' in printed
    assert f'"ML_URL": "{learner.url("ML_PORT")}"' in printed


# ---- Ctrl-C ------------------------------------------------------------------------------------


def test_ctrl_c_stops_all_four_and_make_reports_no_interrupt(
    tmp_path: Path, model_dir: Path
) -> None:
    terminal = moved(tmp_path, model_dir)
    running = start_make_run(terminal)  # the ports exported, as lesson 00 says

    running.signal(signal.SIGINT)  # what a terminal's Ctrl-C does
    try:
        running.process.wait(timeout=30)
    finally:
        running.stop(timeout=20)

    printed = running.printed()
    assert "Interrupt" not in printed and "Error" not in printed, printed
    assert printed.rstrip().endswith("Stopped all four."), printed
    for name in PORTS:
        assert not answers(terminal.url(name, READY_PATHS[name])), name
