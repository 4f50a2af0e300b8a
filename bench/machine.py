"""The machine a benchmark ran on, in a few lines: its figures mean nothing without it.

What this teaches: a latency is a property of the code *and* of the computer and the moment.
So every report says which processor, how many cores, how busy the machine was before and
after the run (the load average: programs running or waiting for a processor, averaged over
the last minute; near the number of cores, figures get noisy), and which versions ran.
"""

import os
import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PACKAGES = ("waitress", "flask", "uvicorn", "fastapi", "sqlalchemy")


def processor() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    try:  # macOS
        done = subprocess.run(
            ["/usr/sbin/sysctl", "-n", "machdep.cpu.brand_string"],
            capture_output=True,
            text=True,
            timeout=5,
        )
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min)"


def wrk_version(wrk: str) -> str:
    done = subprocess.run([wrk, "-v"], capture_output=True, text=True, timeout=10)  # noqa: S603
    first = (done.stdout or done.stderr).splitlines()[0] if (done.stdout or done.stderr) else wrk
    return first.split(" Copyright")[0].strip()


def packages() -> str:
    found = []
    for name in PACKAGES:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def describe(wrk: str) -> list[str]:
    """Lines saying what ran where (the load average goes in separately, before and after)."""
    return [
        f"{os.cpu_count()} logical cores, {processor()}; {platform.system()} {platform.release()}",
        f"Python {platform.python_version()}; {packages()}; {wrk_version(wrk)}",
    ]
