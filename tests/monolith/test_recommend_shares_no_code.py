"""The twins share no code: the monolith's recommender reads the model's files, never its code.

The rule (README.md): each architecture stands alone, sharing no code, only `data/`.
For the recommender the shared part is the trained model's files (JSON and NumPy arrays), which
are data. `make lint` checks the source: no import of `decoupled` anywhere in monolith/ (an
import-linter contract in pyproject.toml). This test checks run time, which reading the source
cannot see (a module imported by a name built at run time): after the app has started with a
model and answered a recommendation, no module of `decoupled` is loaded.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.databases import TestDatabases

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_running_monolith_has_not_loaded_any_decoupled_module(
    databases: TestDatabases, trained_models: Path
) -> None:
    database_config = databases.empty("monolith.sqlite3").monolith_config()
    program = f"""
import json, sys
from monolith import create_app
app = create_app({{
    "TESTING": True,
    **{database_config!r},
    "RECOMMENDER_DIR": {str(trained_models)!r},
}})
client = app.test_client()
page = client.get("/recommend?interests=I+want+to+build+AI+agents")
course = client.get("/courses/build-ai-agents-with-python-from-zero-to-your-first-agent")
print(json.dumps({{
    "statuses": [page.status_code, course.status_code],
    "cards": page.text.count('class="rec-card"') + course.text.count('class="rec-card"'),
    "decoupled": sorted(name for name in sys.modules if name.split(".")[0] == "decoupled"),
}}))
"""
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("MONOLITH_")
    }
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.splitlines()[-1])

    assert answer["statuses"] == [200, 200]
    assert answer["cards"] == 5 + 4  # the model really answered, in the monolith's own code
    assert answer["decoupled"] == []
