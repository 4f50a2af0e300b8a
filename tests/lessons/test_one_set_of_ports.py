"""One set of ports and addresses, which every make target and every program follows alike.

The rule, written once at the top of the Makefile: each program listens on its *_PORT; the others
find it at its *_URL, http://127.0.0.1:<that port> unless set; a learner gives either after the
target or exports it once. Here each target is run by make with stand-ins for its programs (a
fake `.venv/bin`, whose `python`, `uvicorn`, `honcho`, `flask` and `pytest` only report what they
were given), so every target is checked in well under a second, and nothing is started. The
programs' own reading of what make gives them is checked beside it;
tests/lessons/test_changed_ports.py runs the real ones on moved ports.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path

import pytest

from tests.lessons.commands.makefile import make, makefile_variable, needs_make
from tests.lessons.commands.parse import REPO_ROOT
from tests.support.commands import run
from tests.support.environment import clean_environment

pytestmark = needs_make

# A learner whose usual ports are taken, as lesson 00 and the README write it.
MOVED = {"MONOLITH_PORT": "5151", "API_PORT": "8100", "ML_PORT": "8101", "FRONTEND_PORT": "3100"}
ADDRESSES = {
    "MONOLITH_URL": "http://127.0.0.1:5151",
    "API_URL": "http://127.0.0.1:8100",
    "ML_URL": "http://127.0.0.1:8101",
    "CORS_ORIGINS": "http://localhost:3100,http://127.0.0.1:3100",
}
REPORTED = [*MOVED, "MCP_PORT", *ADDRESSES]
# Each target that starts or calls a program, and the stand-in make runs for it.
CALLERS = {
    "run": "honcho",
    "monolith": "python",
    "api": "uvicorn",
    "ml": "uvicorn",
    "frontend": "python",
    "client": "python",
    "partner-api": "python",
    "partner-scrape": "python",
    "mcp": "python",
    "mcp-http": "python",
    "mcp-config": "python",
    "agent": "python",
    "agent-scrape": "python",
}
# These need the ports alone: the demo starts programs of its own, the doctor checks the ports.
PORT_READERS = ("demo", "doctor")

STAND_IN = """#!{python}
import json, os, sys
env = {{name: os.environ.get(name) for name in {names!r}}}
print("STAND-IN " + json.dumps({{"argv": sys.argv, "env": env}}))
"""


@pytest.fixture(scope="module")
def stand_ins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A .venv/bin whose programs print their arguments and settings, and do nothing else."""
    folder = tmp_path_factory.mktemp("bin")
    for name in ("python", "uvicorn", "honcho", "flask", "pytest"):
        program = folder / name
        program.write_text(STAND_IN.format(python=sys.executable, names=REPORTED))
        program.chmod(0o755)
    return folder


def run_target(bin_folder: Path, target: str, *settings: str, **exported: str) -> dict:
    """What `make <target> <settings>` gave its program, with `exported` in the environment."""
    stamps = [f"-o{makefile_variable(name)}" for name in ("STAMP", "MODEL_STAMP")]
    command = ["make", "-s", f"BIN={bin_folder}", *stamps, target, *settings]
    result = run(command, clean_environment(**exported), timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    reports = [line for line in result.stdout.splitlines() if line.startswith("STAND-IN ")]
    assert reports, f"make {target} ran no program of .venv/bin:\n{result.stdout}"
    return json.loads(reports[-1].removeprefix("STAND-IN "))


def as_settings(values: dict[str, str]) -> list[str]:
    return [f"{name}={value}" for name, value in values.items()]


# ---- every target passes the same ports and addresses on ------------------------------------


@pytest.mark.parametrize("how", ["after the target", "exported"])
@pytest.mark.parametrize("target", CALLERS)
def test_every_target_that_starts_or_calls_a_program_passes_the_moved_addresses(
    stand_ins: Path, target: str, how: str
) -> None:
    if how == "exported":
        seen = run_target(stand_ins, target, **MOVED)
    else:
        seen = run_target(stand_ins, target, *as_settings(MOVED))

    assert Path(seen["argv"][0]).name == CALLERS[target]
    assert {name: seen["env"][name] for name in [*MOVED, *ADDRESSES]} == MOVED | ADDRESSES


@pytest.mark.parametrize("target", PORT_READERS)
def test_the_demo_and_the_doctor_get_the_moved_ports(stand_ins: Path, target: str) -> None:
    seen = run_target(stand_ins, target, **MOVED)

    assert {name: seen["env"][name] for name in MOVED} == MOVED


def test_without_settings_every_program_gets_the_usual_addresses(stand_ins: Path) -> None:
    seen = run_target(stand_ins, "run")

    assert seen["env"]["API_URL"] == "http://127.0.0.1:8000"
    assert seen["env"]["ML_URL"] == "http://127.0.0.1:8001"
    assert seen["env"]["MONOLITH_URL"] == "http://127.0.0.1:5050"
    assert seen["env"]["CORS_ORIGINS"] == "http://localhost:3000,http://127.0.0.1:3000"


def test_a_whole_address_wins_over_the_port(stand_ins: Path) -> None:
    seen = run_target(stand_ins, "partner-api", "API_URL=http://192.0.2.7:8000", "API_PORT=8100")

    assert seen["env"]["API_URL"] == "http://192.0.2.7:8000"


def test_an_exported_address_wins_over_the_port_too(stand_ins: Path) -> None:
    seen = run_target(stand_ins, "partner-scrape", MONOLITH_URL="http://192.0.2.7:5050", **MOVED)

    assert seen["env"]["MONOLITH_URL"] == "http://192.0.2.7:5050"


def test_the_frontends_address_sets_the_origin_the_apis_let_in(stand_ins: Path) -> None:
    seen = run_target(stand_ins, "api", "FRONTEND_URL=https://app.coursehub.example")

    assert seen["env"]["CORS_ORIGINS"] == "http://localhost:3000,https://app.coursehub.example"


def test_make_test_gets_the_ports_but_no_addresses(stand_ins: Path) -> None:
    """The test suite's servers take free ports and settings of their own: an address a learner
    exported must not reach them."""
    seen = run_target(stand_ins, "test", **MOVED)

    assert seen["env"]["API_URL"] is None and seen["env"]["CORS_ORIGINS"] is None


# ---- and every program reads them the same way -----------------------------------------------


@pytest.fixture
def learner_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A shell where the learner exported the moved ports, and nothing else of ours."""
    for name in [*os.environ]:
        if name.endswith(("_PORT", "_URL")) or name == "CORS_ORIGINS":
            monkeypatch.delenv(name)
    for name, value in MOVED.items():
        monkeypatch.setenv(name, value)
    yield


@pytest.mark.usefixtures("learner_environment")
def test_the_client_and_the_partners_follow_the_ports_without_make() -> None:
    from decoupled.client.cli import default_api_url, default_ml_url
    from partners.api_feed import default_api_url as feed_api_url
    from partners.scrape_monolith import default_site_url

    assert default_api_url() == feed_api_url() == ADDRESSES["API_URL"]
    assert default_ml_url() == ADDRESSES["ML_URL"]
    assert default_site_url() == ADDRESSES["MONOLITH_URL"]


@pytest.mark.parametrize(
    ("target", "expected"),
    [("partner-api", "http://192.0.2.7:81"), ("partner-scrape", ADDRESSES["MONOLITH_URL"])],
)
def test_the_partners_read_the_addresses_make_gives_them(
    stand_ins: Path, monkeypatch: pytest.MonkeyPatch, target: str, expected: str
) -> None:
    from partners.api_feed import default_api_url
    from partners.scrape_monolith import default_site_url

    given = run_target(stand_ins, target, "API_URL=http://192.0.2.7:81", "MONOLITH_PORT=5151")
    for name, value in given["env"].items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)

    read = default_api_url if target == "partner-api" else default_site_url
    assert read() == expected


@pytest.mark.usefixtures("learner_environment")
def test_the_demo_starts_its_main_programs_on_the_moved_ports_and_keeps_its_own() -> None:
    from demo.ports import PORTS, read_ports

    ports = read_ports(PORTS, os.environ)

    assert {ports[name] for name in ("monolith", "api", "ml", "frontend")} == {
        int(port) for port in MOVED.values()
    }
    assert ports["slow-api"] == 8003 and ports["other-frontend"] == 3001


class StartedEnough(Exception):
    """Raised by a recording stand-in once the test has seen what it came for."""


def test_the_search_benchmark_starts_its_own_servers_on_free_ports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`make bench` never uses the learner's ports, so a moved or busy port cannot upset it:
    its three servers get free ports, and its frontend calls its own API."""
    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed (apt install wrk): make bench stops before its servers")
    import bench.architectures as bench

    started: list[tuple[str, list[str], dict[str, str]]] = []

    def recording(name: str, command: list[str], env: dict[str, str], url: str):
        started.append((name, command, env))
        if len(started) == 3:
            raise StartedEnough
        return nullcontext()

    monkeypatch.setattr(bench, "server", recording)
    monkeypatch.setattr(sys, "argv", ["bench"])
    for name, value in MOVED.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(StartedEnough):
        bench.main()

    (_, _, monolith), (_, api_command, api), (_, _, frontend) = started
    api_port = api_command[api_command.index("--port") + 1]
    assert monolith["MONOLITH_PORT"] != MOVED["MONOLITH_PORT"]
    assert api_port != MOVED["API_PORT"]
    assert frontend["FRONTEND_PORT"] != MOVED["FRONTEND_PORT"]
    assert frontend["API_URL"] == f"http://127.0.0.1:{api_port}"
    assert api["CORS_ORIGINS"] == f"http://127.0.0.1:{frontend['FRONTEND_PORT']}"


def test_the_ml_benchmark_starts_its_service_on_a_free_port(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import bench.ml_latency as bench

    commands: list[list[str]] = []

    def recording(name, command, *_, **__):
        commands.append(command)
        raise StartedEnough

    monkeypatch.setenv("ML_PORT", MOVED["ML_PORT"])
    monkeypatch.setattr(bench, "running", recording)
    with pytest.raises(StartedEnough), bench.service("content", tmp_path):
        pass

    (command,) = commands
    assert command[command.index("--port") + 1] != MOVED["ML_PORT"]


# ---- make urls, make help, make setup ---------------------------------------------------------


def test_make_urls_prints_the_usual_addresses() -> None:
    result = make("urls")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "monolith      http://127.0.0.1:5050",
        "catalog API   http://127.0.0.1:8000  (docs at /docs)",
        "ML service    http://127.0.0.1:8001  (docs at /docs)",
        "frontend      http://127.0.0.1:3000",
        "MCP server    http://127.0.0.1:8002/mcp  (make mcp-http)",
    ]


@pytest.mark.parametrize("how", ["after the target", "exported"])
def test_make_urls_prints_the_addresses_of_moved_ports(how: str) -> None:
    settings = as_settings(MOVED) if how == "after the target" else []
    exported = clean_environment(**(MOVED if how == "exported" else {}))
    result = run(["make", "-s", "urls", *settings, "MCP_PORT=8102"], exported, timeout=60)
    assert result.returncode == 0, result.stderr

    assert result.stdout.splitlines() == [
        "monolith      http://127.0.0.1:5151",
        "catalog API   http://127.0.0.1:8100  (docs at /docs)",
        "ML service    http://127.0.0.1:8101  (docs at /docs)",
        "frontend      http://127.0.0.1:3100",
        "MCP server    http://127.0.0.1:8102/mcp  (make mcp-http)",
    ]


def test_make_urls_prints_a_whole_address_given() -> None:
    result = run(["make", "-s", "urls", "API_URL=http://192.0.2.7:8000"], clean_environment())
    assert result.returncode == 0, result.stderr

    assert "catalog API   http://192.0.2.7:8000  (docs at /docs)" in result.stdout.splitlines()


def help_settings() -> dict[str, str]:
    """The settings `make` lists after its targets: NAME -> default, as it prints them."""
    result = make()
    assert result.returncode == 0, result.stderr
    listed = result.stdout.partition("\nSettings: ")[2]
    assert listed, f"make lists no settings after the targets:\n{result.stdout}"
    return dict(re.findall(r"\b([A-Z][A-Z_]+)=(\S*)", listed))


def test_make_lists_the_settings_a_learner_may_give() -> None:
    listed = help_settings()

    for name in ("MONOLITH_PORT", "API_PORT", "ML_PORT", "FRONTEND_PORT", "MCP_PORT"):
        assert listed[name] == makefile_variable(name), name
    assert listed["PYTHON"] == makefile_variable("PYTHON")
    for name in ("MODEL", "MONOLITH_REDESIGN", "MONOLITH_API", "WHEELHOUSE"):
        assert name in listed
    assert "make urls" in make().stdout.partition("\nSettings: ")[2]


def test_the_defaults_make_lists_are_the_programs_defaults() -> None:
    from decoupled.backend.config import Settings as ApiSettings
    from decoupled.ml.config import Settings as MlSettings
    from monolith.config import Config

    listed = help_settings()
    api = ApiSettings.model_fields

    assert listed["MODEL"] == MlSettings.model_fields["model"].default
    for name in ("SEARCH_RATE_LIMIT", "ENROLLMENT_RATE_LIMIT"):
        assert listed[name] == api[name.lower()].default == getattr(Config, name), name
    assert listed["PARTNER_RATE_LIMIT"] == api["partner_rate_limit"].default


def test_setup_says_what_it_does_before_the_long_install(tmp_path: Path) -> None:
    shutil.copy(REPO_ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    (tmp_path / "requirements.lock").write_text("")
    result = subprocess.run(
        ["make", "-n", "-B", "setup"],
        cwd=tmp_path,
        env=clean_environment(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    lines = result.stdout.splitlines()
    first_pip = next(number for number, line in enumerate(lines) if " pip install" in line)
    assert "Installing packages into .venv (one to two minutes)..." in lines[first_pip - 1]


def test_an_editable_install_needs_no_import_hook_so_setuptools_prints_no_banner() -> None:
    """setuptools installs a flat layout in editable mode with an import hook, and says so in a
    banner ("Editable installation. Please be careful with folders in your working directory
    ..."), unless the packages' root is named: then one .pth file puts the repository on
    sys.path, silently. That needs every package right under the root it names."""
    setuptools = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]

    assert setuptools["package-dir"] == {"": "."}
    for pattern in setuptools["packages"]["find"]["include"]:
        top = pattern.rstrip("*")
        assert (REPO_ROOT / top / "__init__.py").is_file(), top
