"""The monolith's database: one SQLite file where the config says, seeded on first start.

`flask --app monolith init-db` (what `make reset-db` runs) starts again from the dataset.
With MONOLITH_DATABASE_URL it is a PostgreSQL database instead: these tests run on one when
COURSEHUB_TEST_DATABASE=postgresql, and the last one always does (it skips when not installed).
"""

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from monolith import db
from monolith.config import Config
from tests.support.databases import Database, TestDatabases

Record = dict[str, Any]


def test_first_start_creates_the_database_where_the_config_says_and_seeds_it(
    app_factory: Callable[..., Flask],
    databases: TestDatabases,
    tmp_path: Path,
    dataset: list[Record],
) -> None:
    database = databases.empty(folder=tmp_path / "not" / "there" / "yet")
    if database.file is not None:
        assert not database.file.parent.exists()
    app = app_factory(database)
    if database.file is not None:
        assert database.file.is_file()
    assert database.rows("SELECT count(*) FROM courses") == [(len(dataset),)]
    categories = {r["category"]["slug"] for r in dataset}
    assert database.rows("SELECT count(*) FROM categories") == [(len(categories),)]
    assert database.rows("SELECT count(*) FROM enrollments") == [(0,)]
    # and the site serves it
    response = app.test_client().get("/")
    assert f"{len(dataset)} courses" in response.get_data(as_text=True)


@pytest.mark.sqlite_only("SQLite's journal mode and lock timeout")
def test_database_uses_wal_mode_and_a_busy_timeout(app: Flask, database: Database) -> None:
    assert database.rows("PRAGMA journal_mode") == [("wal",)]
    with app.app_context(), db.get_engine().connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_prices_are_stored_as_whole_cents(database: Database, by_slug: dict[str, Record]) -> None:
    kind = "typeof(price_cents)" if database.file else "CAST(pg_typeof(price_cents) AS text)"
    rows = database.rows(f"SELECT slug, price_cents, {kind} FROM courses")
    for slug, cents, kind in rows:
        assert kind == "integer", slug
        assert cents == round(by_slug[slug]["price"] * 100), slug


def test_the_default_database_lives_outside_the_source_tree() -> None:
    database = Path(Config.DATABASE).resolve()
    source = Path(db.__file__).resolve().parent
    assert not database.is_relative_to(source)


def test_restarting_the_app_keeps_enrollments_and_does_not_seed_twice(
    app_factory: Callable[..., Flask],
    databases: TestDatabases,
    dataset: list[Record],
    page_of: Callable[..., Any],
) -> None:
    database = databases.empty("kept.sqlite3")
    first = app_factory(database).test_client()
    slug = dataset[0]["slug"]
    token = page_of(first.get(f"/courses/{slug}")).inputs["csrf_token"]
    response = first.post(
        f"/courses/{slug}", data={"csrf_token": token, "name": "Ada", "email": "ada@example.com"}
    )
    assert response.status_code == 302

    app_factory(database)  # the app starts again on the same database
    assert database.rows("SELECT name, email FROM enrollments") == [("Ada", "ada@example.com")]
    assert database.rows("SELECT count(*) FROM courses") == [(len(dataset),)]


def test_init_db_command_reloads_the_catalog_and_deletes_enrollments(
    app: Flask,
    runner: FlaskCliRunner,
    client: FlaskClient,
    enroll: Callable[..., Any],
    database: Database,
    dataset: list[Record],
) -> None:
    slug = dataset[0]["slug"]
    assert enroll(slug, "Ada", "ada@example.com").status_code == 302
    database.run("DELETE FROM courses WHERE slug != :slug", slug=slug)

    # `flask --app monolith init-db` runs its commands inside an app context; so does this
    with app.app_context():
        result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert f"Initialized the database with {len(dataset)} courses." in result.output
    assert database.rows("SELECT count(*) FROM courses") == [(len(dataset),)]
    assert database.rows("SELECT count(*) FROM enrollments") == [(0,)]
    # the site shows the whole catalog again, and the same email can enroll afresh
    assert f"{len(dataset)} courses" in client.get("/").get_data(as_text=True)
    assert enroll(slug, "Ada", "ada@example.com").status_code == 302


def test_init_db_command_is_listed_in_the_cli_help(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["--help"])
    assert "init-db" in result.output


def test_flask_init_db_from_a_terminal_creates_the_database(
    tmp_path: Path, databases: TestDatabases, dataset: list[Record], dataset_path: Path
) -> None:
    # what `make reset-db` runs, as a learner types it
    database = databases.empty("monolith.sqlite3", folder=tmp_path / "var")
    env = {
        **os.environ,
        **database.monolith_environment(),
        "DATA_FILE": str(dataset_path),
        "FLASK_SKIP_DOTENV": "1",
    }
    flask = Path(sys.executable).with_name("flask")
    result = subprocess.run(
        [str(flask), "--app", "monolith", "init-db"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"Initialized the database with {len(dataset)} courses." in result.stdout
    assert database.rows("SELECT count(*) FROM courses") == [(len(dataset),)]


def test_the_dataset_file_comes_from_the_config(
    app_factory: Callable[..., Flask],
    databases: TestDatabases,
    tmp_path: Path,
    dataset: list[Record],
    page_of: Callable[..., Any],
) -> None:
    few = [r for r in dataset if r["price"] == 0][:2] + [r for r in dataset if r["price"] > 0][:1]
    data_file = tmp_path / "few.json"
    data_file.write_text(json.dumps(few), encoding="utf-8")
    app = app_factory(databases.empty("few.sqlite3"), DATA_FILE=str(data_file))
    page = page_of(app.test_client().get("/"))
    assert sorted(page.slugs) == sorted(r["slug"] for r in few)
    assert "3 courses" in page.text


def _six_start_on_one_catalog(database: Database) -> None:
    config = json.dumps(database.monolith_config())
    code = "import json, sys; from monolith import create_app; create_app(json.loads(sys.argv[1]))"
    starts = [
        subprocess.Popen([sys.executable, "-c", code, config], stderr=subprocess.PIPE)
        for _ in range(6)
    ]
    errors = [start.communicate(timeout=120)[1].decode() for start in starts]
    assert [start.returncode for start in starts] == [0] * 6, errors
    assert database.rows("SELECT count(*), count(DISTINCT slug) FROM courses") == [(256, 256)]


def test_six_monoliths_started_together_on_a_new_database_all_start_on_one_catalog(
    databases: TestDatabases,
) -> None:
    """First start takes a lock: without it, one of six simultaneous starts often crashed
    (two processes creating the same tables), as when `make run` and a `flask` command meet."""
    _six_start_on_one_catalog(databases.empty("new.sqlite3"))


def test_six_monoliths_started_together_on_an_empty_postgresql_database_seed_it_once(
    postgres_databases: TestDatabases,
) -> None:
    _six_start_on_one_catalog(postgres_databases.empty())
