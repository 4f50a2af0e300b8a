"""What the checks use: each program in-process, on a fresh database in a temporary folder.

Imports happen inside the functions, so a mistake in one program's code only fails the
checks that need that program, and the learner's copy of the code is the one imported.
"""

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
DATASET = REPO_ROOT / "data" / "courses.json"


@contextmanager
def monolith(**config: Any) -> Iterator[Any]:
    """The monolith's Flask test client (CSRF off: a check is not a browser)."""
    from monolith import create_app, db

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "TESTING": True,
                "WTF_CSRF_ENABLED": False,
                "DATABASE": str(Path(folder) / "monolith.sqlite3"),
                "DATA_FILE": str(DATASET),
                "SECRET_KEY": "check",
                "REDESIGN": False,
                "API": False,
                **config,
            }
        )
        try:
            yield app.test_client()
        finally:
            with app.app_context():
                db.get_engine().dispose()


@contextmanager
def catalog_api(**settings: Any) -> Iterator[Any]:
    """The catalog API's TestClient, its lifespan run (database created and seeded)."""
    from fastapi.testclient import TestClient

    from decoupled.backend.config import Settings
    from decoupled.backend.main import create_app

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'api.sqlite3'}"
        app = create_app(Settings(database_url=url, data_file=DATASET, **settings))
        with TestClient(app) as client:
            yield client


def slugs(items: list[dict[str, Any]]) -> list[str]:
    return [item["slug"] for item in items]
