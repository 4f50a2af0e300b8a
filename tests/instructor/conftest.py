"""The instructor's tools: `make doctor` (lessons/instructor/doctor.py) and `make wheelhouse`.

doctor.py is a script, run by any python3 before anything is installed, so it is loaded here
from its path. `fake_repo` is a folder laid out like the repository, holding only what the
doctor looks at: every check can then be seen passing and failing, with no network and
nothing of the real checkout changed.
"""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCTOR_PATH = REPO_ROOT / "lessons" / "instructor" / "doctor.py"


def _load_doctor() -> ModuleType:
    spec = importlib.util.spec_from_file_location("coursehub_doctor", DOCTOR_PATH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def doctor() -> ModuleType:
    return _load_doctor()


@pytest.fixture
def fake_repo(tmp_path: Path) -> Path:
    """A repository with pyproject.toml, the dataset and the ML code, and nothing installed."""
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    (root / "decoupled" / "ml").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\n")
    (root / "data" / "courses.json").write_text("[]")
    (root / "decoupled" / "ml" / "train.py").write_text("")
    return root
