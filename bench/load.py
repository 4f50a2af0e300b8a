"""Load from wrk, and what its runs add up to: requests per second and latency percentiles.

What this teaches: how to turn a load generator's runs into figures you can defend.

Why wrk: it is a small C program (an event loop per thread, no interpreter), so the load it
makes costs the machine little, and whatever it costs falls on both architectures alike. A
Python load generator (locust, or a loop of `requests`) would need a Python process per core
to keep up, and would fight the servers for the same processors.

One run of wrk is a *chunk*: a few seconds of one list of requests (`Request`), sent over N
connections, each connection sending the list in turn, over and over, waiting for every
answer (bench/wrk/cycle.lua). The benchmarks run many short chunks, taking turns between the
architectures, so that whatever else the machine does falls on both alike; bench/figures.py
adds the chunks up.
"""

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

LUA_SCRIPT = Path(__file__).resolve().parent / "wrk" / "cycle.lua"
NO_WRK = "wrk is not installed: apt install wrk (Debian, Ubuntu) or brew install wrk (macOS)"
RESULT_MARK = "wrk-result "


def require_wrk() -> str:
    """wrk's path, or stop here with one line saying how to install it."""
    found = shutil.which("wrk")
    if found is None:
        sys.exit(NO_WRK)
    return found


@dataclass(frozen=True)
class Request:
    """One request of a list that a connection sends in turn."""

    method: str
    path: str
    expected: int  # the status every answer must have
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""  # "{n}" in it: a number unique to each request sent

    def line(self) -> str:
        """The request as cycle.lua reads it: tab-separated, headers as "Name: value"."""
        fields = [self.method, self.path, str(self.expected), self.body]
        fields += [f"{name}: {value}" for name, value in self.headers.items()]
        if any("\t" in part or "\n" in part for part in fields):
            raise ValueError(f"a tab or a newline in {self}")
        return "\t".join(fields)


@dataclass
class Chunk:
    """What one wrk run measured."""

    requests: int
    seconds: float
    bytes: int  # received, headers included
    latencies_ms: dict[int, list[float]]  # position in the list (0, 1, ...) -> each answer's
    dropped: int | None = None  # connection attempts refused by a full listen queue (Linux)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def run_wrk(
    base_url: str, requests: Sequence[Request], connections: int, seconds: int, label: str
) -> Chunk:
    """Send `requests` in turn over `connections` connections for `seconds` (whole seconds:
    wrk's unit). `label` makes the {n} of this run differ from every other run's."""
    with tempfile.TemporaryDirectory(prefix="coursehub-wrk-") as folder:
        listing = Path(folder) / "requests.tsv"
        listing.write_text("".join(r.line() + "\n" for r in requests), encoding="utf-8")
        command = [
            require_wrk(),
            f"-t{connections}",  # one connection per thread: see cycle.lua
            f"-c{connections}",
            f"-d{max(1, seconds)}s",
            "--timeout=10s",
            f"-s{LUA_SCRIPT}",
            base_url,
            "--",
            str(listing),
            label,
        ]
        overflows = listen_overflows()
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)  # noqa: S603
        after = listen_overflows()
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if done.returncode != 0 or len(lines) != 1:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    chunk = parse_result(lines[0].removeprefix(RESULT_MARK), requests)
    if overflows is not None and after is not None:
        chunk.dropped = after - overflows
    return chunk


def listen_overflows() -> int | None:
    """How many connection attempts Linux has dropped since it started because a server's
    queue of connections not yet accepted was full (None elsewhere). The client tries again a
    second later: a visitor waits that second. The count is the whole machine's."""
    try:
        lines = Path("/proc/net/netstat").read_text().splitlines()
    except OSError:
        return None
    names, values = (line.split() for line in lines if line.startswith("TcpExt:"))
    counts = dict(zip(names, values, strict=True))
    return int(counts["ListenOverflows"]) if "ListenOverflows" in counts else None


def parse_result(text: str, requests: Sequence[Request]) -> Chunk:
    """cycle.lua's JSON as a Chunk; an error if any answer was not the one expected."""
    result = json.loads(text)
    errors = {kind: count for kind, count in result["errors"].items() if count}
    wrong = {}
    for key, count in result["unexpected"].items():
        position, status = key.split()
        wrong[f"{requests[int(position) - 1].path} answered {status}"] = count
    if errors or wrong or not result["requests"]:
        raise RuntimeError(f"wrk: {result['requests']} answers; errors {errors}; wrong {wrong}")
    latencies: dict[int, list[float]] = {i: [] for i in range(len(requests))}
    for position, micros in zip(result["positions"], result["latencies_us"], strict=True):
        latencies[position - 1].append(micros / 1000)
    return Chunk(result["requests"], result["duration_us"] / 1e6, result["bytes"], latencies)
