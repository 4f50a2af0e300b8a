"""`make fuzz`: attack the live catalog API and ML service with schemathesis's command line.

What this teaches: a contract can be checked from the outside, as a stranger's program would
check it. The in-process contract tests (tests/decoupled/*/test_*_schemathesis.py) call the
app directly; here each service runs as in production (uvicorn, the API with two worker
processes, on a fresh database with a real partner key) and schemathesis's CLI reads its
/openapi.json and sends thousands of generated requests over HTTP: valid and invalid ones,
with and without the API key, and, in its stateful phase, chains of them that follow the
document's `links` (search, then read or enroll in a course found). Every check runs (`--checks
all`) in every phase; a single failure fails the target. The settings (how many examples,
which statuses count as refusing bad input, the key) are in schemathesis.toml, in one place.

Why here, in tests/fuzz/: this is a test, the contract's, run against the real servers the way
tests/e2e/ runs the real browser, and started by `make fuzz` (and CI) rather than `make test`,
since it takes minutes. It is not a benchmark (bench/ measures; this asserts), nor part of the
product (decoupled/ is what ships).

    python -m tests.fuzz.run                          # both services (make fuzz)
    python -m tests.fuzz.run --seed 42 -n 200         # unknown options go to schemathesis
    python -m tests.fuzz.run --only api --api-app tests.fuzz.broken_api:app

Search and enrollment rate limits are switched off (SEARCH_RATE_LIMIT= and
ENROLLMENT_RATE_LIMIT=, empty) and the key's own limit raised: one address sends all of it.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from types import FrameType

from tests.e2e.servers import run_server
from tests.support.commands import create_partner_key
from tests.support.environment import clean_environment
from tests.support.ports import free_ports
from tests.support.processes import REPO_ROOT
from tests.support.servers import BIN, Server, uvicorn

CONFIG = REPO_ROOT / "schemathesis.toml"
EVERY_PHASE = "examples,coverage,fuzzing,stateful"
QUIET = ["--log-level", "warning"]  # the servers' logs keep errors, not one line per request


def catalog_api(
    folder: Path, port: int, app: str, settings: Mapping[str, str]
) -> AbstractContextManager[Server]:
    """The catalog API with two workers, as in production, until the block ends."""
    command = uvicorn(app, port, "--workers", "2", *QUIET)
    return run_server("api", command, settings, port, "/healthz", folder)


def ml_service(folder: Path, port: int) -> AbstractContextManager[Server]:
    """The ML service on the model `make train` wrote (MODEL_DIR, else var/models)."""
    model_dir = os.environ.get("MODEL_DIR", "").strip()
    settings = {"MODEL_DIR": model_dir} if model_dir else {}
    command = uvicorn("decoupled.ml.main:app", port, *QUIET)
    return run_server("ml", command, settings, port, "/healthz", folder)


def attack(server: Server, extra: Sequence[str], env: Mapping[str, str]) -> int:
    """Run schemathesis against `server`; its exit status (0: no failure)."""
    command = [
        str(BIN / "schemathesis"),
        "--config-file",
        str(CONFIG),
        "run",
        f"{server.url}/openapi.json",
        "--checks",
        "all",
        "--phases",
        EVERY_PHASE,
        *extra,
    ]
    print(f"\n== {server.name}: schemathesis run {server.url}/openapi.json", flush=True)
    status = subprocess.run(command, cwd=REPO_ROOT, env=env, check=False).returncode  # noqa: S603
    if status != 0:
        print(f"\n== the end of the {server.name} server's log:\n{tail(server.log)}")
    return status


def tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """CI stops a job with SIGTERM: exit through the `with` blocks, which stop the servers."""
    sys.exit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fuzz.run",
        description=__doc__.splitlines()[0] if __doc__ else None,
        allow_abbrev=False,  # an unknown option is schemathesis's, never a prefix of ours
        epilog="Any other option is passed to `schemathesis run`, for both services.",
    )
    parser.add_argument("--only", choices=["api", "ml"], help="attack one service only")
    parser.add_argument(
        "--api-app", default="decoupled.backend.main:app", help="what uvicorn serves as the API"
    )
    args, extra = parser.parse_known_args(argv)
    signal.signal(signal.SIGTERM, stop_on_sigterm)

    failed: list[str] = []
    # schemathesis.toml reads PARTNER_API_KEY whichever service it attacks; only the API's
    # document has a scheme to give it to.
    key = ""
    with tempfile.TemporaryDirectory(prefix="coursehub-fuzz-") as temporary:
        folder = Path(temporary)
        api_port, ml_port = free_ports(2)
        if args.only != "ml":
            database_url = f"sqlite:///{folder / 'api.sqlite3'}"
            # A real key, made as `make partner-key` makes one; this also seeds the fresh
            # database before the two workers start (so they do not both try to).
            key = create_partner_key(database_url, "fuzz")
            # No public limits (run_server switches them off): every request comes from this
            # one address. The key's limit out of reach too; its 429 has its own test.
            settings = {"DATABASE_URL": database_url, "PARTNER_RATE_LIMIT": "1000000/minute"}
            with catalog_api(folder, api_port, args.api_app, settings) as api:
                # schemathesis.toml hands the key to the document's PartnerKey scheme.
                if attack(api, extra, clean_environment(PARTNER_API_KEY=key)) != 0:
                    failed.append("catalog API")
        if args.only != "api":
            with ml_service(folder, ml_port) as ml:
                if attack(ml, extra, clean_environment(PARTNER_API_KEY=key)) != 0:
                    failed.append("ML service")

    if failed:
        print(f"\nmake fuzz: schemathesis found failures in the {' and the '.join(failed)}.")
        return 1
    print("\nmake fuzz: no failures.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
