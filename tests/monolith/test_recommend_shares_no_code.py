"""The twins share no code: the monolith's recommender reads the model's files, never its code.

The rule (README.md): each architecture stands alone, sharing no code, only `data/`.
For the recommender the shared part is the trained model's files (JSON and NumPy arrays), which
are data. Two checks: no import of `decoupled` anywhere in monolith/'s source, and none at run
time either, after the app has started with a model and answered a recommendation.
"""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.databases import TestDatabases

MONOLITH = Path(__file__).resolve().parents[2] / "monolith"


def imported_modules(path: Path) -> list[str]:
    """Every module `path` imports, relative imports written out in full."""
    # monolith/views/courses.py and monolith/views/__init__.py are both in monolith.views
    package = list(path.relative_to(MONOLITH.parent).with_suffix("").parts[:-1])
    modules = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            modules.append(".".join([*base, *([node.module] if node.module else [])]))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
        ):
            modules.extend(
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            )
    return modules


def test_no_file_of_the_monolith_imports_the_decoupled_code() -> None:
    sources = sorted(MONOLITH.rglob("*.py"))
    assert MONOLITH / "recommend.py" in sources

    found = {
        f"{path.relative_to(MONOLITH.parent)}: {module}"
        for path in sources
        for module in imported_modules(path)
        if module.split(".")[0] == "decoupled"
    }

    assert not found, f"the monolith imports code of the other twin: {sorted(found)}"


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
        cwd=MONOLITH.parent,
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
