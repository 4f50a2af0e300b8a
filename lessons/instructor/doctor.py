"""`make doctor`: is this machine ready to teach CourseHub? Run it before class, on every machine.

It prints one line per check, ✓ or ✗, and after each ✗ the command that fixes it:

    Python          3.11 or newer                                            blocks a class
    ports           5050, 8000, 8001 and 3000 free (MONOLITH_PORT, API_PORT,  blocks a class
                    ML_PORT, FRONTEND_PORT change them), else who holds one
    .venv           installed, and not older than pyproject.toml or          blocks a class
                    requirements.lock (else the next make command
                    reinstalls, which needs the internet)
    offline /docs   Swagger UI's and ReDoc's files installed, so the two     blocks a class
                    services' /docs work without internet
    databases       var/monolith.sqlite3 and var/api.sqlite3 are SQLite       blocks when broken
                    files, or absent (each program makes its own on start)
    model           var/models/content and popularity trained and fresh     does not block:
                                                                             make run trains it
    Chromium        for the browser tests, found by their own rule           does not block: the
                    (tests/e2e/chromium.py): CHROMIUM, the system's, or      lessons never need it
                    Playwright's own (make browsers)

It exits with 1 when a check that blocks a class fails, else 0. It changes nothing: it only
looks. And it must run before anything is installed, with whatever `python3` the machine has,
even one too old for CourseHub (to say so): so it uses the standard library, written for old
Pythons too, and Rich for colour only when .venv provides it.
"""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TextIO

REPO_ROOT = Path(__file__).resolve().parents[2]
MINIMUM_PYTHON = (3, 11)
# (variable, default, the program that listens there), as in the Makefile.
PORTS = (
    ("MONOLITH_PORT", 5050, "the monolith"),
    ("API_PORT", 8000, "the catalog API"),
    ("ML_PORT", 8001, "the ML service"),
    ("FRONTEND_PORT", 3000, "the browser frontend"),
)
MODELS = ("content", "popularity")
# What decoupled/backend/docs.py and decoupled/ml/docs.py serve, from the fastapi-offline package.
DOCS_PACKAGE = "fastapi_offline"
DOCS_FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png")
SQLITE_HEADER = b"SQLite format 3\x00"
# The browser tests' rule for finding Chromium: standard library only, like this script.
CHROMIUM_FINDER = REPO_ROOT / "tests" / "e2e" / "chromium.py"


@dataclass(frozen=True)
class Check:
    """One line of the report: ✓ or ✗, what was found, and for a ✗ the fix."""

    name: str
    ok: bool
    detail: str
    fix: str = ""
    blocks: bool = True  # when it fails, can the class not go ahead?


# ---- Python ---------------------------------------------------------------------------------


def check_python(version: tuple[int, ...] | None = None) -> Check:
    version = version or tuple(sys.version_info[:3])
    shown = ".".join(str(part) for part in version)
    needed = ".".join(str(part) for part in MINIMUM_PYTHON)
    if tuple(version[:2]) >= MINIMUM_PYTHON:
        return Check("Python", True, f"Python {shown} ({needed} or newer is needed)")
    return Check(
        "Python",
        False,
        f"Python {shown} is too old: CourseHub needs {needed} or newer",
        "install Python 3.11+ (python.org, your packages, Homebrew or pyenv), "
        "then make setup PYTHON=python3.12",
    )


# ---- ports ----------------------------------------------------------------------------------


def check_port(variable: str, default: int, program: str, environ: Mapping[str, str]) -> Check:
    name = f"port {variable}"
    value = environ.get(variable, "").strip() or str(default)
    if not value.isdigit() or not 0 < int(value) < 65536:
        return Check(name, False, f"{variable}={value} is not a port", "a number, 1 to 65535")
    port = int(value)
    where = f"port {port} ({variable}, {program})"
    error = bind_error(port)
    if error is None:
        return Check(name, True, f"{where} is free")
    if error.errno not in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
        fix = f"choose another: make run {variable}={port + 100}"
        return Check(name, False, f"{where} cannot be used: {error.strerror}", fix)
    holder = who_listens(port)
    detail = f"{where} is in use by {holder}" if holder else f"{where} is in use"
    pids = re.findall(r"pid (\d+)", holder or "")
    stop = f"kill {' '.join(pids)}" if pids else "find it with lsof -i :" + str(port)
    fix = f"stop it (Ctrl-C in its terminal, or {stop}), or make run {variable}={port + 100}"
    return Check(name, False, detail, fix)


def bind_error(port: int, host: str = "127.0.0.1") -> OSError | None:
    """None if a server could listen on `host:port` now, else why not. Like uvicorn, waitress
    and the frontend, with SO_REUSEADDR: a port whose last connections are closing is free."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        if os.name != "nt":  # on Windows the option means something else
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as error:
            return error
    return None


def who_listens(port: int, lsof: str | None = "lsof", proc: Path = Path("/proc")) -> str | None:
    """The programs listening on TCP `port`, as 'pid 123: uvicorn decoupled...', or None
    when the system does not tell: lsof where it exists, else /proc on Linux."""
    pids: list[int] = []
    lsof_path = shutil.which(lsof) if lsof else None
    if lsof_path:
        pids = _pids_from_lsof(lsof_path, port)
    if not pids and (proc / "net" / "tcp").exists():
        pids = _pids_from_proc(port, proc)
    if not pids:
        return None
    return ", ".join(f"pid {pid}: {_command_of(pid, proc)}" for pid in pids)


def _pids_from_lsof(lsof: str, port: int) -> list[int]:
    command = [lsof, "-nP", "-t", f"-iTCP:{port}", "-sTCP:LISTEN"]
    try:
        result = subprocess.run(  # noqa: S603 (a fixed command)
            command, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    return sorted({int(line) for line in result.stdout.split() if line.isdigit()})


def _pids_from_proc(port: int, proc: Path) -> list[int]:
    """Linux: the sockets listening on `port` (/proc/net/tcp*), then the processes holding
    one of them open (/proc/<pid>/fd). Processes of other users stay unseen."""
    inodes = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = (proc / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            # local address (hex ip:port), state 0A = LISTEN, inode
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].split(":")[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    pids = set()
    for fd_folder in proc.glob("[0-9]*/fd"):
        try:
            if any(os.readlink(fd) in inodes for fd in fd_folder.iterdir()):
                pids.add(int(fd_folder.parent.name))
        except OSError:  # gone, or another user's
            continue
    return sorted(pids)


def _command_of(pid: int, proc: Path = Path("/proc")) -> str:
    try:
        words = (proc / str(pid) / "cmdline").read_bytes().split(b"\0")
        command = " ".join(word.decode(errors="replace") for word in words if word)
    except OSError:
        command = ""
    ps = shutil.which("ps")
    if not command and ps:  # macOS: no /proc
        result = subprocess.run(  # noqa: S603 (a fixed command)
            [ps, "-o", "command=", "-p", str(pid)], capture_output=True, text=True, check=False
        )
        command = result.stdout.strip()
    command = " ".join(command.split()) or "a program"  # one line, whatever it holds
    return command if len(command) <= 80 else command[:77] + "..."


# ---- .venv and the Swagger UI files ---------------------------------------------------------


def check_venv(root: Path) -> Check:
    venv = root / ".venv"
    stamp = venv / ".installed-stamp"
    python = venv / "bin" / "python"
    setup = "make setup (online, or from a wheelhouse: make wheelhouse on a connected machine)"
    if not python.exists():
        return Check(".venv", False, ".venv is not installed", setup)
    if not stamp.exists():
        return Check(".venv", False, ".venv is half installed (no .venv/.installed-stamp)", setup)
    # make reinstalls when either is newer than the stamp (the Makefile's $(STAMP) rule)
    changed = [
        name
        for name in ("pyproject.toml", "requirements.lock")
        if (root / name).exists() and stamp.stat().st_mtime < (root / name).stat().st_mtime
    ]
    if changed:
        detail = (
            " and ".join(changed) + " changed after .venv was installed: "
            "the next make command reinstalls, which needs the internet"
        )
        return Check(".venv", False, detail, "make setup now, " + setup[len("make setup ") :])
    return Check(".venv", True, f".venv installed ({_venv_python(venv)})")


def _venv_python(venv: Path) -> str:
    try:
        config = (venv / "pyvenv.cfg").read_text()
    except OSError:
        return "Python"
    match = re.search(r"^version(?:_info)?\s*=\s*(\S+)", config, re.MULTILINE)
    return f"Python {match[1]}" if match else "Python"


def check_offline_docs(root: Path) -> Check:
    name = "offline /docs"
    found = _docs_files(root)
    if found is None:
        detail = "Swagger UI's files are not installed: /docs would not open"
        return Check(name, False, detail, "make setup (installs fastapi-offline)")
    folder, version = found
    missing = [file for file in DOCS_FILES if not (folder / file).is_file()]
    if missing:
        detail = f"{folder} lacks {', '.join(missing)}: /docs would not work offline"
        return Check(name, False, detail, "make setup, or reinstall fastapi-offline")
    detail = f"/docs and /redoc work offline: Swagger UI and ReDoc from {version}"
    return Check(name, True, detail)


def _docs_files(root: Path) -> tuple[Path, str] | None:
    """The package's folder of files in .venv, and its name and version."""
    for site in ["lib/python*/site-packages", "Lib/site-packages"]:
        for folder in sorted((root / ".venv").glob(f"{site}/{DOCS_PACKAGE}/static")):
            dist = sorted(folder.parent.parent.glob(f"{DOCS_PACKAGE}-*.dist-info"))
            version = dist[-1].name[: -len(".dist-info")].replace("-", " ") if dist else ""
            return folder, version.replace("_", "-") or DOCS_PACKAGE
    return None


# ---- the model and the databases ------------------------------------------------------------


def check_model(root: Path, name: str, environ: Mapping[str, str]) -> Check:
    models = Path(environ["MODEL_DIR"]) if environ.get("MODEL_DIR") else root / "var" / "models"
    metadata = models / name / "metadata.json"
    shown = _relative(metadata, root)
    train = "make train, in seconds and offline; make run would do it first"
    if not metadata.exists():
        return Check(f"{name} model", False, f"the {name} model is not trained", train, False)
    try:
        json.loads(metadata.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return Check(f"{name} model", False, f"{shown} is unreadable ({error})", train, False)
    sources = [root / "data" / "courses.json", *sorted((root / "decoupled" / "ml").glob("*.py"))]
    newer = [_relative(s, root) for s in sources if s.stat().st_mtime > metadata.stat().st_mtime]
    if newer:
        detail = f"the {name} model ({shown}) is older than {newer[0]}"
        return Check(f"{name} model", False, detail, train, False)
    return Check(f"{name} model", True, f"the {name} model is trained ({shown})")


def check_database(label: str, path: Path | None, root: Path) -> Check:
    name = f"{label} database"
    if path is None:
        return Check(name, True, f"the {name} is on a database server: not checked here")
    shown = _relative(path, root)
    if not path.exists():
        detail = f"{shown} not made yet: made on first start, from data/courses.json"
        return Check(name, True, detail)
    try:
        with open(path, "rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        return Check(name, False, f"{shown} cannot be read: {error.strerror}", "make reset-db")
    if header != SQLITE_HEADER:
        detail = f"{shown} is not a SQLite database"
        return Check(name, False, detail, f"delete it (rm {shown}), then make reset-db")
    return Check(name, True, f"{shown} is there (the {name})")


def database_paths(root: Path, environ: Mapping[str, str]) -> dict[str, Path | None]:
    """Where each program keeps its database: the defaults of monolith/config.py and
    decoupled/backend/config.py, or MONOLITH_DATABASE and DATABASE_URL."""
    monolith = environ.get("MONOLITH_DATABASE") or str(root / "var" / "monolith.sqlite3")
    url = environ.get("DATABASE_URL") or f"sqlite:///{root / 'var' / 'api.sqlite3'}"
    api = Path(url[len("sqlite:///") :]) if url.startswith("sqlite:///") else None
    return {"monolith": Path(monolith), "catalog API": api}


# ---- Chromium -------------------------------------------------------------------------------


def check_chromium(
    environ: Mapping[str, str],
    system: Iterable[Path] | None = None,
    playwrights: Callable[[], Path | None] | None = None,
) -> Check:
    """The Chromium the browser tests would drive, found by their own rule. `system` and
    `playwrights` stand in for the machine's browsers and Playwright's, for the tests."""
    finder = chromium_finder()
    options: dict[str, object] = {}
    if system is not None:
        options["system"] = system
    if playwrights is not None:
        options["playwrights"] = playwrights
    try:
        chromium = finder.find_chromium(environ, **options)
    except finder.NoChromium as missing:
        # Its message is "what is wrong: what to do", the same words the browser tests skip with.
        what, _, fix = str(missing).partition(": ")
        return Check("Chromium", False, f"{what}: the browser tests skip", fix, False)
    source = " (from CHROMIUM)" if environ.get("CHROMIUM", "").strip() else ""
    return Check("Chromium", True, f"Chromium at {chromium}{source}, for the browser tests")


def chromium_finder() -> ModuleType:
    """tests/e2e/chromium.py, loaded from its path: `import tests...` could find another
    package called `tests` first, one that some library installed."""
    spec = importlib.util.spec_from_file_location("coursehub_chromium", CHROMIUM_FINDER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- all of them ----------------------------------------------------------------------------


def run_checks(root: Path = REPO_ROOT, environ: Mapping[str, str] = os.environ) -> list[Check]:
    checks = [check_python()]
    checks += [check_port(variable, port, program, environ) for variable, port, program in PORTS]
    checks += [check_venv(root), check_offline_docs(root)]
    checks += [check_model(root, name, environ) for name in MODELS]
    paths = database_paths(root, environ)
    checks += [check_database(label, path, root) for label, path in paths.items()]
    checks.append(check_chromium(environ))
    return checks


def summary(checks: list[Check]) -> str:
    blocking = [check.name for check in checks if not check.ok and check.blocks]
    failed = [check for check in checks if not check.ok]
    if blocking:
        return f"Not ready for class: fix {', '.join(blocking)} first (the lines with a ✗)."
    if failed:
        names = ", ".join(check.name for check in failed)
        return f"Ready for class. Worth fixing, though it blocks nothing: {names}."
    return "Ready for class: every check passed."


def line(check: Check) -> str:
    """The check as one line of plain text."""
    text = f"{'✓' if check.ok else '✗'} {check.detail}"
    if not check.ok:
        text += f" → {check.fix}"
        if not check.blocks:
            text += " (does not block a class)"
    return text


def report(checks: list[Check], out: TextIO | None = None, colour: bool | None = None) -> None:
    """Print one line per check and a summary: with Rich's colours when Rich is installed."""
    out = out or sys.stdout
    try:
        from rich.console import Console
        from rich.text import Text
    except ImportError:  # before `make setup`: plain text
        colour = False
    if colour is False:
        for check in checks:
            print(line(check), file=out)
        print(summary(checks), file=out)
        return
    console = Console(file=out, highlight=False, soft_wrap=True, force_terminal=colour)
    for check in checks:
        mark = ("✓", "green") if check.ok else ("✗", "red" if check.blocks else "yellow")
        text = Text.assemble(mark, " ", check.detail)
        if not check.ok:
            text.append(" → ")
            text.append(check.fix, style="bold")
            if not check.blocks:
                text.append(" (does not block a class)", style="dim")
        console.print(text)
    console.print(summary(checks), style="bold")


def main(root: Path = REPO_ROOT, environ: Mapping[str, str] = os.environ) -> int:
    print("CourseHub doctor: is this machine ready for class?")
    checks = run_checks(root, environ)
    report(checks)
    return 1 if any(not check.ok and check.blocks for check in checks) else 0


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
