"""`make fuzz` cannot pass on a broken API: its runner fails when schemathesis finds a failure.

The runner starts an API that answers one route against its own document (broken_api.py) and
attacks that route only, with every check and phase, as CI runs `make fuzz`. A runner that
ignored schemathesis's verdict, or a schemathesis that never reached the server, would pass.
"""

import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_fuzz_runner_fails_when_the_api_answers_against_its_document():
    command = [sys.executable, "-m", "tests.fuzz.run", "--only", "api", "--no-color"]
    # The categories, and the search they link to (so the stateful phase has a link to follow),
    # with few cases each: the broken answer is the first one.
    only = ["--include-path-regex", "^/api/v2/(categories|courses)$", "--max-examples", "5"]
    broken = ["--api-app", "tests.fuzz.broken_api:app", *only]

    done = subprocess.run(
        command + broken, cwd=REPO_ROOT, capture_output=True, text=True, timeout=180
    )

    assert done.returncode == 1, done.stdout + done.stderr
    assert "Response violates schema" in done.stdout
    assert "-1 is less than the minimum of 0" in done.stdout
    assert done.stdout.rstrip().endswith("schemathesis found failures in the catalog API.")
