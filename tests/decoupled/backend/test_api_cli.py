"""The administrator's commands: `make partner-key NAME=...`, `revoke-partner-key`, `reset-db`."""

import hashlib

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from decoupled.backend import cli
from decoupled.backend.config import get_settings
from decoupled.backend.main import create_app
from decoupled.backend.models import Course, Enrollment, PartnerKey
from tests.lessons.commands.makefile import live_make, needs_make
from tests.support.commands import run
from tests.support.environment import clean_environment


@pytest.fixture
def engine(databases, monkeypatch):
    """The database the commands use, chosen the way `make` users do: DATABASE_URL."""
    url = databases.empty("cli.sqlite3").url
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    engine = create_engine(url)
    yield engine
    engine.dispose()
    get_settings.cache_clear()


def test_create_partner_key_prints_a_key_once_and_stores_its_hash(engine, capsys):
    cli.main(["create-partner-key", "acme"])

    printed = capsys.readouterr().out.splitlines()
    key = printed[-1]
    assert "acme" in printed[0] and "once" in printed[0]
    assert len(key) >= 40
    with Session(engine) as session:
        stored = session.scalars(select(PartnerKey)).one()
        assert session.scalar(select(func.count(Course.id))) > 0  # the catalog was seeded
    assert stored.name == "acme"
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()


def test_each_new_key_is_different(engine, capsys):
    cli.main(["create-partner-key", "acme"])
    cli.main(["create-partner-key", "acme"])

    lines = capsys.readouterr().out.splitlines()
    assert lines[1] != lines[3]


def test_reset_db_empties_enrollments_and_reseeds(engine, courses, capsys):
    cli.main(["create-partner-key", "acme"])
    with Session(engine) as session:
        session.add(Enrollment(course_id=1, name="Ada", email="ada@example.com"))
        session.commit()

    cli.main(["reset-db"])

    with Session(engine) as session:
        assert session.scalar(select(func.count(Enrollment.id))) == 0
        assert session.scalar(select(func.count(PartnerKey.id))) == 0
        assert session.scalar(select(func.count(Course.id))) == len(courses)
    assert "reset" in capsys.readouterr().out.lower()


def test_a_command_is_required(capsys):
    with pytest.raises(SystemExit):
        cli.main([])


def test_revoke_partner_key_deletes_every_key_of_that_partner_and_says_how_many(engine, capsys):
    for name in ("acme", "acme", "globex"):
        cli.main(["create-partner-key", name])
    capsys.readouterr()

    cli.main(["revoke-partner-key", "acme"])

    assert capsys.readouterr().out == "Revoked 2 API keys for acme.\n"
    with Session(engine) as session:
        assert session.scalars(select(PartnerKey.name)).all() == ["globex"]


def test_revoking_a_partner_without_keys_says_none_were_revoked(engine, capsys):
    cli.main(["revoke-partner-key", "nobody"])

    assert capsys.readouterr().out == "Revoked 0 API keys for nobody.\n"


def test_a_revoked_key_gets_a_401_at_once_from_the_running_api(engine, capsys):
    cli.main(["create-partner-key", "acme"])
    key = {"X-API-Key": capsys.readouterr().out.splitlines()[-1]}
    app = create_app(get_settings())  # the database the command uses (DATABASE_URL)
    with TestClient(app) as client:
        assert client.get("/api/v2/partner/stats", headers=key).status_code == 200

        cli.main(["revoke-partner-key", "acme"])
        response = client.get("/api/v2/partner/stats", headers=key)

    assert response.status_code == 401
    assert response.json()["detail"] == "A valid X-API-Key header is required."


@needs_make
def test_make_revoke_partner_key_runs_the_command_and_needs_a_name(engine, capsys):
    cli.main(["create-partner-key", "acme"])
    environment = clean_environment(DATABASE_URL=engine.url.render_as_string(hide_password=False))
    revoked = run(live_make("revoke-partner-key", "NAME=acme"), environment)
    unnamed = run(live_make("revoke-partner-key"), environment)

    assert revoked.returncode == 0, revoked.stderr
    assert revoked.stdout.splitlines()[-1] == "Revoked 1 API key for acme."
    assert unnamed.returncode != 0
    assert "Usage: make revoke-partner-key NAME=acme" in unnamed.stdout
