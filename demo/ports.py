"""Which port each program of the demo listens on, and a check that every one of them is free.

The main programs take their usual ports, from the same variables as `make run` (MONOLITH_PORT,
API_PORT, ML_PORT, FRONTEND_PORT), so the addresses on the screen are the lessons' addresses.
The variants sit on nearby ports, each with a DEMO_* variable:

    DEMO_MONOLITH_API_PORT=5051   DEMO_REDESIGN_PORT=5052   DEMO_POPULARITY_PORT=8004
    DEMO_SLOW_API_PORT=8003       DEMO_OTHER_FRONTEND_PORT=3001

Checking first, before anything starts, turns "a server died with a traceback" into one line
that says which port is taken and what to do about it.
"""

import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PortSetting:
    variable: str  # the environment variable that overrides it
    default: int


# Program name -> where its port comes from.
PORTS: dict[str, PortSetting] = {
    "monolith": PortSetting("MONOLITH_PORT", 5050),
    "monolith-api": PortSetting("DEMO_MONOLITH_API_PORT", 5051),
    "monolith-redesign": PortSetting("DEMO_REDESIGN_PORT", 5052),
    "api": PortSetting("API_PORT", 8000),
    "slow-api": PortSetting("DEMO_SLOW_API_PORT", 8003),
    "ml": PortSetting("ML_PORT", 8001),
    "ml-popularity": PortSetting("DEMO_POPULARITY_PORT", 8004),
    "frontend": PortSetting("FRONTEND_PORT", 3000),
    "other-frontend": PortSetting("DEMO_OTHER_FRONTEND_PORT", 3001),
}


class PortProblem(Exception):
    """A port cannot be used; the message is one line that says which, and what to do."""


def read_ports(names: Iterable[str], environ: Mapping[str, str]) -> dict[str, int]:
    """The port of each program in `names`: its variable when set, else its default."""
    ports: dict[str, int] = {}
    for name in names:
        setting = PORTS[name]
        text = environ.get(setting.variable, "").strip() or str(setting.default)
        if not text.isdigit() or not 0 < int(text) < 65536:
            raise PortProblem(f"{setting.variable}={text!r} is not a port (1 to 65535).")
        ports[name] = int(text)
    taken: dict[int, str] = {}
    for name, port in ports.items():
        if port in taken:
            first = PORTS[taken[port]].variable
            raise PortProblem(f"{first} and {PORTS[name].variable} are both {port}: pick two.")
        taken[port] = name
    return ports


def is_busy(port: int) -> bool:
    """True when a program already listens on 127.0.0.1:`port`."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the servers do: a port a closed connection still lingers on counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
        return False


def check_free(ports: Mapping[str, int]) -> None:
    """Raise `PortProblem` for the first port that is already taken."""
    for name, port in ports.items():
        if is_busy(port):
            variable = PORTS[name].variable
            raise PortProblem(
                f"Port {port} ({variable}, for the {name}) is busy: stop what holds it (`make "
                f"doctor` checks the ports), or choose another: make demo {variable}={port + 100}"
            )
