"""`make lint` catches an import across the architecture's boundaries: each contract, broken.

The boundaries are import-linter contracts in pyproject.toml's `[tool.importlinter]`, and
`make lint` runs `lint-imports` on the real code. These tests give it code that breaks a
rule: a copy of the packages plus one module with one forbidden import (the monolith importing
the API's settings, the client importing the backend's schemas...). lint-imports must then
fail, report that contract broken and keep every other; without the added module the copy
keeps them all, so the one line is what breaks it.
"""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIG: dict[str, Any] = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))["tool"][
    "importlinter"
]
CONTRACTS = {contract["id"]: contract["name"] for contract in CONFIG["contracts"]}
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# (the contract it breaks, the module added to the copy, its one import)
FORBIDDEN_IMPORTS = [
    ("twins", "monolith/forbidden.py", "from decoupled.backend import config"),
    ("twins", "decoupled/backend/forbidden.py", "from monolith import config"),
    ("surroundings", "monolith/views/forbidden.py", "from partners import courses_csv"),
    ("surroundings", "decoupled/ml/forbidden.py", "import bench"),
    ("decoupled-parts", "decoupled/client/forbidden.py", "from decoupled.backend import schemas"),
    ("decoupled-parts", "decoupled/backend/forbidden.py", "from decoupled.ml import recommender"),
    ("clients", "partners/forbidden.py", "from monolith import models"),
    ("clients", "agents/forbidden.py", "from decoupled.backend import search"),
    ("clients", "decoupled/mcp_server/forbidden.py", "from decoupled.ml import recommender"),
    ("ml-no-database", "decoupled/ml/forbidden.py", "import sqlalchemy"),
    ("ml-no-database", "decoupled/ml/forbidden.py", "import sqlite3"),
]


def copy_of_the_packages(folder: Path) -> Path:
    """The Python files of every package the contracts look at, and pyproject.toml."""
    for package in CONFIG["root_packages"]:
        shutil.copytree(
            REPO_ROOT / package,
            folder / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "templates", "static"),
        )
    shutil.copy(REPO_ROOT / "pyproject.toml", folder / "pyproject.toml")
    return folder


def lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports in `folder`, on its own copy first on sys.path (not the editable install's)."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache"],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(folder), "COLUMNS": "500", "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def verdicts(output: str) -> dict[str, str]:
    """Contract name -> KEPT or BROKEN, from lint-imports' list of contracts."""
    found = {}
    for line in output.splitlines():
        name, _, verdict = line.rpartition(" ")
        if name in CONTRACTS.values() and verdict in {"KEPT", "BROKEN"}:
            found[name] = verdict
    return found


def test_the_copy_of_the_packages_keeps_every_contract(tmp_path: Path) -> None:
    result = lint_imports(copy_of_the_packages(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert verdicts(result.stdout) == dict.fromkeys(CONTRACTS.values(), "KEPT")


@pytest.mark.parametrize(
    ("contract", "module", "line"),
    FORBIDDEN_IMPORTS,
    ids=[f"{module}: {line}" for _, module, line in FORBIDDEN_IMPORTS],
)
def test_one_forbidden_import_breaks_its_contract_and_no_other(
    tmp_path: Path, contract: str, module: str, line: str
) -> None:
    copy = copy_of_the_packages(tmp_path)
    (copy / module).write_text(f'"""An import across a boundary."""\n\n{line}\n')

    result = lint_imports(copy)

    assert result.returncode == 1, result.stdout + result.stderr
    expected = {name: "KEPT" for name in CONTRACTS.values()} | {CONTRACTS[contract]: "BROKEN"}
    assert verdicts(result.stdout) == expected, result.stdout
    imported = line.split()[1]
    assert f"{module[:-3].replace('/', '.')} -> {imported}" in result.stdout  # the line named


def test_every_package_of_the_repository_is_under_the_contracts() -> None:
    packages = {
        folder.name
        for folder in REPO_ROOT.iterdir()
        if (folder / "__init__.py").exists() and folder.name != "tests"
    }

    assert packages <= set(CONFIG["root_packages"]), (
        f"add {sorted(packages - set(CONFIG['root_packages']))} to root_packages in "
        "pyproject.toml's [tool.importlinter], and to the contracts about it"
    )
