"""The live programs as the tests see them: the three servers, the copies of them a lesson
starts, and the status code an address answers. Starting and stopping them is
tests/support/processes.py's."""

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


NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http_status(url: str) -> int:
    try:
        with NO_PROXY_OPENER.open(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code
