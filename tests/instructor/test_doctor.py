"""`make doctor`: each check passes on a ready machine and fails, with its fix, on a broken one.

Everything happens in a fake repository (conftest.py) or on ports of 127.0.0.1 that a test
holds itself: no network, nothing installed, well under a second per test.
"""

import json
import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.ports import free_port

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCTOR_PATH = REPO_ROOT / "lessons" / "instructor" / "doctor.py"
BLOCKING = {"Python", "port API_PORT", ".venv", "offline /docs"}
DOCS_FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png")


def age(path: Path, seconds: float) -> None:
    """Make `path` look `seconds` older than now."""
    then = path.stat().st_mtime - seconds
    os.utime(path, (then, then))


def install_venv(root: Path) -> Path:
    """A .venv as `make setup` leaves it: its Python, its config, the stamp after pyproject."""
    venv = root / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text("")
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.11.7\n")
    age(root / "pyproject.toml", 60)
    (venv / ".installed-stamp").write_text("")
    return venv


def install_docs_files(root: Path, leave_out: tuple[str, ...] = ()) -> Path:
    site = root / ".venv" / "lib" / "python3.11" / "site-packages"
    static = site / "fastapi_offline" / "static"
    static.mkdir(parents=True)
    (site / "fastapi_offline-1.7.7.dist-info").mkdir()
    for name in DOCS_FILES:
        if name not in leave_out:
            (static / name).write_text("/* a file of Swagger UI */")
    return static


def train(root: Path, *names: str) -> None:
    for name in names:
        folder = root / "var" / "models" / name
        folder.mkdir(parents=True)
        (folder / "metadata.json").write_text(json.dumps({"model": name}))
    age(root / "data" / "courses.json", 60)
    age(root / "decoupled" / "ml" / "train.py", 60)


@pytest.fixture
def listening() -> Iterator[int]:
    """A port of 127.0.0.1 on which this test process listens, as a forgotten server would."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


# ---- Python ----------------------------------------------------------------------------------


def test_python_3_11_or_newer_passes(doctor):
    assert doctor.check_python((3, 11, 0)).ok
    assert doctor.check_python((3, 13, 2)).ok


def test_an_older_python_fails_and_blocks_with_the_way_to_name_another(doctor):
    check = doctor.check_python((3, 9, 6))

    assert not check.ok and check.blocks
    assert "3.9.6" in check.detail and "3.11" in check.detail
    assert "make setup PYTHON=python3.12" in check.fix


def test_the_doctor_runs_on_the_interpreter_that_runs_it(doctor):
    assert doctor.check_python().detail.startswith(f"Python {sys.version_info.major}.")


# ---- ports -----------------------------------------------------------------------------------


def test_a_free_port_passes(doctor):
    port = free_port()
    check = doctor.check_port("API_PORT", 8000, "the catalog API", {"API_PORT": str(port)})

    assert check.ok
    assert check.detail == f"port {port} (API_PORT, the catalog API) is free"


def test_without_the_variable_the_default_port_is_checked(doctor):
    port = free_port()
    check = doctor.check_port("API_PORT", port, "the catalog API", {})

    assert check.ok and f"port {port} " in check.detail


def test_a_busy_port_fails_naming_the_program_that_holds_it(doctor, listening):
    check = doctor.check_port("API_PORT", 8000, "the catalog API", {"API_PORT": str(listening)})

    assert not check.ok and check.blocks
    assert f"port {listening} (API_PORT, the catalog API) is in use by pid {os.getpid()}" in (
        check.detail
    )
    assert "pytest" in check.detail or "python" in check.detail  # this very process
    assert f"kill {os.getpid()}" in check.fix
    assert f"make run API_PORT={listening + 100}" in check.fix


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="Linux's /proc only")
def test_without_lsof_linux_proc_names_the_program(doctor, listening):
    holder = doctor.who_listens(listening, lsof=None)

    assert holder is not None and holder.startswith(f"pid {os.getpid()}: ")


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="Linux's /proc only")
def test_lsof_names_the_program_where_it_exists(doctor, listening):
    if not doctor.shutil.which("lsof"):
        pytest.skip("lsof is not installed")
    assert doctor._pids_from_lsof(doctor.shutil.which("lsof"), listening) == [os.getpid()]


def test_when_the_system_does_not_tell_a_busy_port_is_just_in_use(doctor, listening, tmp_path):
    assert doctor.who_listens(listening, lsof=None, proc=tmp_path) is None


def test_a_busy_port_with_no_holder_known_says_in_use(doctor, listening, monkeypatch):
    monkeypatch.setattr(doctor, "who_listens", lambda port: None)

    check = doctor.check_port("ML_PORT", 8001, "the ML service", {"ML_PORT": str(listening)})

    assert not check.ok
    assert check.detail.endswith("is in use")
    assert f"lsof -i :{listening}" in check.fix


@pytest.mark.parametrize("value", ["abc", "0", "70000", "80 80"])
def test_a_port_variable_that_is_not_a_port_fails(doctor, value):
    check = doctor.check_port("FRONTEND_PORT", 3000, "the frontend", {"FRONTEND_PORT": value})

    assert not check.ok and check.blocks
    assert f"FRONTEND_PORT={value} is not a port" == check.detail


def test_every_program_port_is_checked_with_its_variable(doctor, fake_repo):
    environ = {name: str(free_port()) for name, _, _ in doctor.PORTS}
    names = [check.name for check in doctor.run_checks(fake_repo, environ)]

    assert [name for name in names if name.startswith("port ")] == [
        "port MONOLITH_PORT",
        "port API_PORT",
        "port ML_PORT",
        "port FRONTEND_PORT",
    ]
    assert [default for _, default, _ in doctor.PORTS] == [5050, 8000, 8001, 3000]


# ---- .venv and the Swagger UI files ----------------------------------------------------------


def test_an_installed_venv_passes(doctor, fake_repo):
    install_venv(fake_repo)

    check = doctor.check_venv(fake_repo)

    assert check.ok
    assert check.detail == ".venv installed (Python 3.11.7)"


def test_no_venv_fails_and_blocks(doctor, fake_repo):
    check = doctor.check_venv(fake_repo)

    assert not check.ok and check.blocks
    assert check.detail == ".venv is not installed"
    assert check.fix.startswith("make setup") and "make wheelhouse" in check.fix


def test_a_half_installed_venv_fails(doctor, fake_repo):
    install_venv(fake_repo)
    (fake_repo / ".venv" / ".installed-stamp").unlink()

    check = doctor.check_venv(fake_repo)

    assert not check.ok and "half installed" in check.detail


def test_a_venv_older_than_pyproject_fails_as_the_next_make_would_reinstall(doctor, fake_repo):
    venv = install_venv(fake_repo)
    age(venv / ".installed-stamp", 120)

    check = doctor.check_venv(fake_repo)

    assert not check.ok and check.blocks
    assert "needs the internet" in check.detail
    assert check.fix.startswith("make setup now")


def test_a_venv_older_than_the_lock_fails_as_the_next_make_would_reinstall(doctor, fake_repo):
    venv = install_venv(fake_repo)
    age(venv / ".installed-stamp", 30)  # after pyproject.toml, before the lock
    (fake_repo / "requirements.lock").write_text("flask==3.1.3\n")

    check = doctor.check_venv(fake_repo)

    assert not check.ok and check.blocks
    assert check.detail.startswith("requirements.lock changed after .venv was installed")
    assert check.fix.startswith("make setup now")


def test_the_swagger_ui_files_installed_pass(doctor, fake_repo):
    install_docs_files(fake_repo)

    check = doctor.check_offline_docs(fake_repo)

    assert check.ok
    assert check.detail.endswith("Swagger UI and ReDoc from fastapi-offline 1.7.7")


def test_no_swagger_ui_files_fail_and_block(doctor, fake_repo):
    check = doctor.check_offline_docs(fake_repo)

    assert not check.ok and check.blocks
    assert "make setup" in check.fix


def test_a_missing_swagger_ui_file_is_named(doctor, fake_repo):
    install_docs_files(fake_repo, leave_out=("swagger-ui.css",))

    check = doctor.check_offline_docs(fake_repo)

    assert not check.ok and "swagger-ui.css" in check.detail


def test_the_doctor_looks_where_the_services_find_their_files(doctor):
    """The real .venv: the folder the doctor checks is the one the two docs.py serve."""
    from importlib.resources import files

    from decoupled.backend.docs import PACKAGE_FILES

    package, folder = PACKAGE_FILES
    found = doctor._docs_files(REPO_ROOT)

    assert found is not None
    assert found[0].resolve() == Path(str(files(package) / folder)).resolve()
    assert package == doctor.DOCS_PACKAGE


# ---- the model -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["content", "popularity"])
def test_a_trained_model_passes(doctor, fake_repo, name):
    train(fake_repo, name)

    check = doctor.check_model(fake_repo, name, {})

    assert check.ok
    assert check.detail == f"the {name} model is trained (var/models/{name}/metadata.json)"


@pytest.mark.parametrize("name", ["content", "popularity"])
def test_an_untrained_model_fails_without_blocking(doctor, fake_repo, name):
    check = doctor.check_model(fake_repo, name, {})

    assert not check.ok and not check.blocks
    assert check.fix.startswith("make train")


def test_a_model_older_than_the_dataset_fails_naming_it(doctor, fake_repo):
    train(fake_repo, "content")
    (fake_repo / "data" / "courses.json").write_text("[]")  # changed just now

    check = doctor.check_model(fake_repo, "content", {})

    assert not check.ok and not check.blocks
    assert check.detail.endswith("is older than data/courses.json")


def test_an_unreadable_model_fails(doctor, fake_repo):
    train(fake_repo, "content")
    (fake_repo / "var" / "models" / "content" / "metadata.json").write_text("{half")

    assert not doctor.check_model(fake_repo, "content", {}).ok


def test_model_dir_is_honoured(doctor, fake_repo, tmp_path):
    train(fake_repo, "content")
    (fake_repo / "var" / "models").rename(tmp_path / "elsewhere")

    assert not doctor.check_model(fake_repo, "content", {}).ok
    assert doctor.check_model(fake_repo, "content", {"MODEL_DIR": str(tmp_path / "elsewhere")}).ok


# ---- the databases ---------------------------------------------------------------------------


def test_a_database_not_made_yet_passes_with_a_note(doctor, fake_repo):
    paths = doctor.database_paths(fake_repo, {})

    checks = [doctor.check_database(label, path, fake_repo) for label, path in paths.items()]

    assert [check.ok for check in checks] == [True, True]
    assert checks[0].detail == (
        "var/monolith.sqlite3 not made yet: made on first start, from data/courses.json"
    )
    assert checks[1].detail.startswith("var/api.sqlite3 not made yet")


def test_a_sqlite_database_passes(doctor, fake_repo):
    path = doctor.database_paths(fake_repo, {})["catalog API"]
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as connection:
        connection.execute("create table course (slug text)")
    connection.close()

    check = doctor.check_database("catalog API", path, fake_repo)

    assert check.ok
    assert check.detail == "var/api.sqlite3 is there (the catalog API database)"


def test_a_file_that_is_not_sqlite_fails_and_blocks(doctor, fake_repo):
    path = doctor.database_paths(fake_repo, {})["monolith"]
    path.parent.mkdir(parents=True)
    path.write_text("not a database")

    check = doctor.check_database("monolith", path, fake_repo)

    assert not check.ok and check.blocks
    assert "make reset-db" in check.fix


def test_the_database_settings_are_honoured(doctor, fake_repo, tmp_path):
    paths = doctor.database_paths(
        fake_repo,
        {"MONOLITH_DATABASE": str(tmp_path / "m.db"), "DATABASE_URL": "sqlite:////srv/a.db"},
    )
    assert paths == {"monolith": tmp_path / "m.db", "catalog API": Path("/srv/a.db")}

    server = doctor.database_paths(fake_repo, {"DATABASE_URL": "postgresql://db/coursehub"})
    check = doctor.check_database("catalog API", server["catalog API"], fake_repo)
    assert check.ok and "not checked" in check.detail


# ---- Chromium --------------------------------------------------------------------------------


def program(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def no_playwright() -> None:
    return None


def test_chromium_named_by_the_chromium_variable_passes(doctor, tmp_path):
    chromium = program(tmp_path / "my-chromium")

    check = doctor.check_chromium({"CHROMIUM": str(chromium)}, [], no_playwright)

    assert (
        check.ok
        and check.detail == f"Chromium at {chromium} (from CHROMIUM), for the browser tests"
    )


def test_a_chromium_variable_naming_nothing_fails_without_blocking(doctor, tmp_path):
    nothing = tmp_path / "nothing"

    check = doctor.check_chromium({"CHROMIUM": str(nothing)}, [], no_playwright)

    assert not check.ok and not check.blocks
    assert check.detail == f"CHROMIUM={nothing} is not a program: the browser tests skip"
    assert check.fix.startswith("set it to Chromium's path")


def test_the_system_chromium_passes(doctor, tmp_path):
    chromium = program(tmp_path / "usr-bin-chromium")

    check = doctor.check_chromium({}, [tmp_path / "no-chromium", chromium], no_playwright)

    assert check.ok and check.detail == f"Chromium at {chromium}, for the browser tests"


def test_playwrights_own_chromium_passes(doctor, tmp_path):
    chrome = program(tmp_path / "ms-playwright/chromium-1200/chrome-linux64/chrome")

    check = doctor.check_chromium({}, [tmp_path / "no-chromium"], lambda: chrome)

    assert check.ok and str(chrome) in check.detail


def test_no_chromium_fails_without_blocking_with_the_browser_tests_words(doctor, tmp_path):
    check = doctor.check_chromium({}, [tmp_path / "no-chromium"], no_playwright)

    assert not check.ok and not check.blocks
    assert check.detail == "No Chromium found: the browser tests skip"
    assert check.fix == (
        "install one (Debian: sudo apt install chromium; macOS: brew install --cask chromium) "
        "or run `make browsers`, or set CHROMIUM=/path/to/chromium"
    )


# ---- the whole report ------------------------------------------------------------------------


def ready_environment(doctor) -> dict[str, str]:
    return {name: str(free_port()) for name, _, _ in doctor.PORTS} | {"CHROMIUM": sys.executable}


def test_a_ready_machine_exits_0_with_one_line_per_check(doctor, fake_repo, capsys):
    install_venv(fake_repo)
    install_docs_files(fake_repo)
    train(fake_repo, "content", "popularity")

    status = doctor.main(fake_repo, ready_environment(doctor))

    lines = capsys.readouterr().out.splitlines()
    assert status == 0
    assert lines[0] == "CourseHub doctor: is this machine ready for class?"
    checks = lines[1:-1]
    assert len(checks) == 12 and all(line.startswith("✓ ") for line in checks), checks
    assert lines[-1] == "Ready for class: every check passed."


def test_only_the_checks_that_block_a_class_make_it_exit_1(doctor, fake_repo, capsys):
    install_venv(fake_repo)
    install_docs_files(fake_repo)  # the model is not trained: a ✗ that does not block

    assert doctor.main(fake_repo, ready_environment(doctor)) == 0
    out = capsys.readouterr().out
    assert "✗ the content model is not trained → make train" in out
    assert "Worth fixing, though it blocks nothing: content model, popularity model." in out

    (fake_repo / ".venv" / ".installed-stamp").unlink()
    assert doctor.main(fake_repo, ready_environment(doctor)) == 1
    assert "Not ready for class: fix .venv first" in capsys.readouterr().out


def test_which_checks_block_a_class(doctor, fake_repo, listening):
    """On a bare repository with a busy port: these, and only these, block."""
    environ = ready_environment(doctor) | {"API_PORT": str(listening), "CHROMIUM": "/nothing"}

    checks = doctor.run_checks(fake_repo, environ)

    failed = {check.name: check.blocks for check in checks if not check.ok}
    assert failed == {
        "port API_PORT": True,
        ".venv": True,
        "offline /docs": True,
        "content model": False,
        "popularity model": False,
        "Chromium": False,
    }
    assert {name for name, blocks in failed.items() if blocks} <= BLOCKING


def test_without_rich_the_report_is_plain_text(doctor):
    import io

    checks = [
        doctor.Check("one", True, "all good"),
        doctor.Check("two", False, "broken", "fix it"),
        doctor.Check("three", False, "not great", "later", blocks=False),
    ]
    out = io.StringIO()

    doctor.report(checks, out, colour=False)

    assert out.getvalue().splitlines() == [
        "✓ all good",
        "✗ broken → fix it",
        "✗ not great → later (does not block a class)",
        "Not ready for class: fix two first (the lines with a ✗).",
    ]


def test_make_doctor_runs_the_script(doctor):
    """As `make doctor` runs it: a script, by path, in a process of its own."""
    result = subprocess.run(
        [sys.executable, str(DOCTOR_PATH)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, **ready_environment(doctor)},
    )

    assert result.returncode in (0, 1), result.stderr
    assert result.stdout.startswith("CourseHub doctor: is this machine ready for class?\n")
    assert "✓ Python" in result.stdout


def test_the_holder_is_shown_on_one_line(doctor, tmp_path):
    (tmp_path / "123").mkdir()
    (tmp_path / "123" / "cmdline").write_bytes(b"python\0-c\0import socket\n\nserve()\0")

    assert doctor._command_of(123, tmp_path) == "python -c import socket serve()"
