"""`make catalog SIZE=...` (bench/catalog.py): a made-up catalog, the same bytes for the same size,
valid as data/courses.json is, and loaded by both twins when DATA_FILE names it."""

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench.catalog import generate, to_json
from tests.data.test_courses_dataset import FIELDS, problems_of

REPO_ROOT = Path(__file__).resolve().parents[2]
DATASET = json.loads((REPO_ROOT / "data" / "courses.json").read_text(encoding="utf-8"))
SIZE = 400


def _make_catalog(size: int, out: Path) -> bytes:
    command = [sys.executable, "-m", "bench.catalog", "--size", str(size), "--out", str(out)]
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"Wrote {size:,} courses" in done.stdout
    return out.read_bytes()


def test_the_same_size_gives_the_same_bytes_every_time(tmp_path: Path) -> None:
    first = _make_catalog(SIZE, tmp_path / "first.json")
    second = _make_catalog(SIZE, tmp_path / "second.json")
    assert first == second
    assert first == to_json(generate(SIZE, DATASET))  # the command writes what generate() makes
    assert json.loads(first) != json.loads(_make_catalog(SIZE + 1, tmp_path / "other.json"))


@pytest.fixture(scope="module")
def catalog() -> list[dict[str, Any]]:
    return json.loads(to_json(generate(3000, DATASET)))


def test_every_made_up_course_is_as_valid_as_a_real_one(catalog: list[dict[str, Any]]) -> None:
    problems = [f"{record['slug']}: {p}" for record in catalog for p in problems_of(record)]
    assert not problems, problems[:5]
    assert all(set(record) == FIELDS for record in catalog)
    repeated = [slug for slug, n in Counter(r["slug"] for r in catalog).items() if n > 1]
    assert not repeated


def test_a_made_up_catalog_speaks_the_real_ones_words(catalog: list[dict[str, Any]]) -> None:
    real = {
        "categories": {json.dumps(r["category"], sort_keys=True) for r in DATASET},
        "headlines": {r["headline"] for r in DATASET},
        "tags": {tag for r in DATASET for tag in r["tags"]},
    }
    assert {json.dumps(r["category"], sort_keys=True) for r in catalog} == real["categories"]
    assert {r["headline"] for r in catalog} <= real["headlines"]
    assert {tag for r in catalog for tag in r["tags"]} <= real["tags"]
    # ...recombined: most titles are new, and a search for "ai agents" finds many
    assert sum(r["title"] not in {d["title"] for d in DATASET} for r in catalog) > 2000
    assert sum("agents" in r["title"].lower() for r in catalog) > 50


def _count_courses(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT count(*) FROM courses").fetchone()[0]


def test_both_twins_load_the_catalog_data_file_names(tmp_path: Path) -> None:
    data_file = tmp_path / f"catalog-{SIZE}.json"
    _make_catalog(SIZE, data_file)
    environment = {**os.environ, "DATA_FILE": str(data_file)}
    starts = {
        "monolith": (
            "import sys; from monolith import create_app; create_app({'DATABASE': sys.argv[1]})",
            environment,
        ),
        "api": (
            "from decoupled.backend.config import Settings\n"
            "from decoupled.backend.db import init_db, make_engine\n"
            "settings = Settings()\n"
            "init_db(make_engine(settings.database_url), settings.data_file)",
            environment | {"DATABASE_URL": f"sqlite:///{tmp_path / 'api.sqlite3'}"},
        ),
    }
    for name, (code, env) in starts.items():
        database = tmp_path / ("m.sqlite3" if name == "monolith" else "api.sqlite3")
        command = [sys.executable, "-c", code, str(database)]
        done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode()
        assert _count_courses(database) == SIZE, name
