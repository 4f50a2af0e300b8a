"""The administrator's commands: `make partner-key NAME=...` and `reset-db`."""

import hashlib

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from decoupled.backend import cli
from decoupled.backend.config import get_settings
from decoupled.backend.models import Course, Enrollment, PartnerKey


@pytest.fixture
def engine(tmp_path, monkeypatch):
    """The database the commands use, chosen the way `make` users do: DATABASE_URL."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
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


def test_reset_db_empties_enrolments_and_reseeds(engine, courses, capsys):
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
