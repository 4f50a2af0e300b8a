"""`make setup` installs the lock, from a wheelhouse when there is one; `make wheelhouse` fills it.

Only make's dry run (`make -n`): it prints the commands and runs none, so nothing is
downloaded or installed. `-B` makes it print the install even when .venv is up to date. The
real download needs the network and stays out of the suite; it was run by hand as
`make wheelhouse`, then `make setup WHEELHOUSE=...` in a fresh copy with no network at all.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(folder: Path, *arguments: str, rebuild: bool = True) -> list[str]:
    """The pip commands `make -n -B ...` would run in `folder` (without -B: `rebuild=False`)."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "WHEELHOUSE", "PYTHON"}
    }
    result = subprocess.run(
        ["make", "-n", *(["-B"] if rebuild else []), *arguments],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    commands = result.stdout.replace("\\\n", " ").splitlines()  # joined where a line goes on
    return [command for command in commands if " pip " in command]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """The Makefile in a folder of its own, so whether wheelhouse/ exists is the test's say."""
    shutil.copy(REPO_ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    (tmp_path / "requirements.lock").write_text("")
    return tmp_path


def test_setup_with_a_wheelhouse_given_installs_from_it_alone(checkout):
    installs = dry_run(checkout, "setup", "WHEELHOUSE=/x")

    assert len(installs) == 3  # pip itself, the lock, then the project alone
    for command in installs:
        assert "pip install" in command
        assert "--no-index --find-links /x" in command
    assert installs[1].endswith("--require-hashes -r requirements.lock")
    assert installs[2].endswith("--no-deps -e .")


def test_setup_uses_the_wheelhouse_folder_when_it_holds_wheels(checkout):
    (checkout / "wheelhouse").mkdir()
    (checkout / "wheelhouse" / "pip-26.0-py3-none-any.whl").write_text("")

    for command in dry_run(checkout, "setup"):
        assert "--no-index --find-links wheelhouse" in command


def test_setup_without_a_wheelhouse_installs_from_the_index(checkout):
    (checkout / "wheelhouse").mkdir()  # empty: as good as none

    installs = dry_run(checkout, "setup")

    assert len(installs) == 3
    assert not [command for command in installs if "--no-index" in command]


def test_an_empty_wheelhouse_setting_forces_the_index(checkout):
    (checkout / "wheelhouse").mkdir()
    (checkout / "wheelhouse" / "pip-26.0-py3-none-any.whl").write_text("")

    assert not [line for line in dry_run(checkout, "setup", "WHEELHOUSE=") if "--no-index" in line]


def test_wheelhouse_downloads_pip_the_build_backend_and_the_locked_packages(checkout):
    (checkout / "wheelhouse").mkdir()
    (checkout / "wheelhouse" / "pip-26.0-py3-none-any.whl").write_text("")

    commands = dry_run(checkout, "wheelhouse")

    tools, locked = commands[-2:]
    assert "pip download --dest wheelhouse pip" in tools
    assert '["build-system"]["requires"]' in tools
    assert "pip download --dest wheelhouse --require-hashes -r requirements.lock" in locked
    # .venv, made first if needed, comes from the index: the old wheelhouse may lack a package.
    assert not [command for command in commands if "--no-index" in command]


def test_wheelhouse_fills_the_folder_wheelhouse_names(checkout):
    tools, locked = dry_run(checkout, "wheelhouse", "WHEELHOUSE=/media/usb/wheels")[-2:]

    assert "pip download --dest /media/usb/wheels pip" in tools
    assert "pip download --dest /media/usb/wheels --require-hashes" in locked


def test_a_changed_lock_reinstalls_and_an_unchanged_one_does_not(checkout):
    """No `-B` here: make compares the stamp's time with pyproject.toml's and the lock's."""
    stamp = checkout / ".venv" / ".installed-stamp"
    stamp.parent.mkdir()
    stamp.write_text("")
    for source in ("pyproject.toml", "requirements.lock"):
        os.utime(checkout / source, (stamp.stat().st_mtime - 60,) * 2)

    assert dry_run(checkout, "setup", rebuild=False) == []
    os.utime(checkout / "requirements.lock", (stamp.stat().st_mtime + 60,) * 2)
    installs = dry_run(checkout, "setup", rebuild=False)
    assert installs[1].endswith("--require-hashes -r requirements.lock")


def test_git_ignores_the_wheelhouse():
    ignored = (REPO_ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()

    assert "wheelhouse/" in ignored
