"""The live programs as the tests see them: the three servers, the copies of them a lesson
starts, and the small things it takes to run them (a free port, a status code, stopping a
program together with everything it started)."""

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from tests.lessons.commands.kinds import API, ML, MONOLITH


@dataclass(frozen=True)
class ServerSpec:
    port_variable: str
    lesson_address: str
    ready_path: str  # answers 200 once the server is up
    needs_model: bool  # started once `make train` has written the model


SERVERS = {
    "monolith": ServerSpec("MONOLITH_PORT", MONOLITH, "/", needs_model=True),
    "api": ServerSpec("API_PORT", API, "/healthz", needs_model=False),
    "ml": ServerSpec("ML_PORT", ML, "/healthz", needs_model=True),
}
SERVER_AT = {spec.lesson_address: name for name, spec in SERVERS.items()}


@dataclass
class Instance:
    """One copy of a server: the usual one, or one started with variables of its own."""

    server: str
    variables: tuple[tuple[str, str], ...]
    port: int
    label: str  # names its process and its log
    ready: bool = field(default=False, compare=False)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http_status(url: str) -> int:
    try:
        with NO_PROXY_OPENER.open(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def answers(url: str) -> bool:
    try:
        return http_status(url) == 200
    except OSError:  # not listening yet
        return False


def signal_group(process: subprocess.Popen[bytes], number: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, number)  # the group that Servers._spawn started, and only it


def wait_for_group(group: int, timeout: float = 10) -> None:
    """Wait until every process of the group is gone (make's child may outlive make)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        if time.monotonic() > deadline:
            os.killpg(group, signal.SIGKILL)
            return
        time.sleep(0.05)
