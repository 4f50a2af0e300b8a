"""The one environment every program a test or a benchmark starts gets: a learner's clean shell.

A learner may have exported API_PORT, DATABASE_URL, MODEL=popularity, REDIS_URL or a proxy in
the terminal that runs the tests; none of it may reach the servers and commands the tests
start, or a test would pass or fail by what one shell happens to hold. So every variable that
steers CourseHub's programs is left out, and a test gives each program only what it sets.

The public rate limits are left out too, so a program counts with its defaults, as a learner's
does; a harness that sends a crowd from one address passes `**NO_PUBLIC_LIMITS`. And the tests'
own requests go straight to 127.0.0.1 inside `direct_to_localhost()`.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager

# Every setting of one program: MONOLITH_DATABASE, API_DELAY_MS, ML_URL, FRONTEND_PORT,
# PARTNER_API_KEY, DEMO_SLOW_API_PORT, BENCH_THREADS, MCP_PORT...
PREFIXES = ("MONOLITH_", "API_", "ML_", "FRONTEND_", "PARTNER_", "DEMO_", "BENCH_", "MCP_")
# And any port or address: REDIS_URL, DATABASE_URL, FRONTEND_URL, whatever a new one is called.
SUFFIXES = ("_PORT", "_URL")
SETTINGS = {
    "DATA_FILE",
    "QUERIES_FILE",
    "MODEL",
    "MODEL_DIR",
    "CORS_ORIGINS",
    "SEARCH_RATE_LIMIT",
    "ENROLLMENT_RATE_LIMIT",
    "BARE_DATABASE",
}
# A make run inside `make test` would inherit its flags; COLUMNS and LINES would set the width
# of the client's tables.
TERMINAL = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "COLUMNS", "LINES"}

NO_PUBLIC_LIMITS = {"SEARCH_RATE_LIMIT": "", "ENROLLMENT_RATE_LIMIT": ""}


def steers_a_program(name: str) -> bool:
    """Whether a variable of this name changes what a CourseHub program does, or how it is
    reached (a proxy). pydantic-settings reads names in any case, so the test does too."""
    upper = name.upper()
    return (
        upper.startswith(PREFIXES)
        or upper.endswith(SUFFIXES)
        or upper in SETTINGS
        or upper in TERMINAL
        or upper.endswith("_PROXY")
    )


def clean_environment(**settings: str) -> dict[str, str]:
    """This process's environment without anything that steers the programs, plus `settings`.

    Output is unbuffered (a log shows a crash's last words) and UTF-8, messages are in English
    (`LC_ALL=C`: the same on every machine), and requests to 127.0.0.1 go straight there."""
    kept = {name: value for name, value in os.environ.items() if not steers_a_program(name)}
    return kept | {
        "NO_PROXY": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
        "PYTHONIOENCODING": "utf-8",
        "LC_ALL": "C",
        **settings,
    }


@contextmanager
def direct_to_localhost() -> Iterator[None]:
    """In this process, until the block ends, requests and httpx (so the Python client) reach
    127.0.0.1 directly, whatever proxy the environment names: they read *_PROXY from it."""
    proxies = {name: value for name, value in os.environ.items() if name.upper().endswith("_PROXY")}
    for name in proxies:
        del os.environ[name]
    os.environ["NO_PROXY"] = "127.0.0.1,localhost"
    try:
        yield
    finally:
        os.environ.pop("NO_PROXY", None)
        os.environ.update(proxies)
