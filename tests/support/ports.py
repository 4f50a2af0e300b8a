"""Free ports of 127.0.0.1 for the servers the tests and the benchmarks start.

A port found free is only a promise until the server binds it. Asking the system for "any
port" (binding port 0) hands out one from the range it also gives to outgoing connections
(32768 and up on Linux, 49152 on macOS): any client socket, a readiness check, wrk, another test
process running beside this one, may take it in the meantime. So the ports here are drawn at
random from below that range, where only a program asking for that very port can take it,
and checked free by binding them once.
"""

import os
import secrets
import socket
from contextlib import ExitStack
from pathlib import Path

LOWEST = 10_000  # above the well-known ports and the learners' usual ones (5050, 8000, 3000...)
TRIES = 200


def ephemeral_ports_start() -> int:
    """Where the system's range for outgoing connections starts."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # macOS starts at 49152: below 32768 is outside it too


def is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port(preferred: int = 0) -> int:
    """`preferred` when it is given and free, else a free port below the ephemeral range."""
    if preferred and is_free(preferred):
        return preferred
    return free_ports(1)[0]


def port_range() -> tuple[int, int]:
    """Where this process draws ports from: below the ephemeral range, and, when pytest-xdist
    runs the tests in several workers, a slice of it of this worker's own, so that two workers
    never draw the same port at the same moment."""
    low, high = LOWEST, ephemeral_ports_start()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "").removeprefix("gw")  # gw0, gw1, ...
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0") or 0)
    if worker.isdigit() and int(worker) < workers:
        width = (high - low) // workers
        low += int(worker) * width
        high = low + width
    return low, high


def free_ports(count: int) -> list[int]:
    """`count` different free ports (each held until all are found, so none comes twice)."""
    low, high = port_range()
    ports: list[int] = []
    with ExitStack() as held:
        for _ in range(TRIES * count):
            port = secrets.randbelow(high - low) + low
            probe = held.enter_context(socket.socket())
            try:
                probe.bind(("127.0.0.1", port))  # fails for a port drawn twice: it is held
            except OSError:
                continue
            ports.append(port)
            if len(ports) == count:
                return ports
    raise RuntimeError(f"no {count} free ports from {low} to {high}")


def unused_address() -> str:
    """An address where nothing listens: a service that is down."""
    return f"http://127.0.0.1:{free_port()}"
