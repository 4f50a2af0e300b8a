"""The line-up: every program the demo can start, with the command and settings it runs with.

Each one is started the way its make target starts it (`python -m monolith`, which runs
waitress, for the monolith, uvicorn for the two APIs, `python -m decoupled.frontend`), with
its data in the demo's temporary folder: no step ever touches var/ except to read the model
that `make train` wrote there. The variants differ from the main programs by environment
variables only, as in the lessons:

    monolith-api        MONOLITH_API=1        the monolith also serves a JSON partner feed (03)
    monolith-redesign   MONOLITH_REDESIGN=1   new templates: the scraper's markup is gone (06)
    api                 PARTNER_RATE_LIMIT    5 requests a minute per key, to reach a 429 (04)
    slow-api            API_DELAY_MS=2000     every /api/ answer waits 2 s (faults.py) (05)
    ml-popularity       MODEL=popularity      the other model behind the same contract (08)
    other-frontend      (another port)        an origin the API's CORS_ORIGINS does not allow
"""

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent  # the virtual environment's scripts: uvicorn
RATE_LIMIT = "5/minute"
SLOW_API_DELAY_MS = 2000


@dataclass(frozen=True)
class Program:
    name: str
    what: str  # one line for the table of programs
    command: tuple[str, ...]
    env: Mapping[str, str]
    port: int
    ready_path: str = "/"  # answers 200 once the program can serve

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def origins(port: int) -> str:
    """A page served on `port` of this machine, in both spellings, as CORS_ORIGINS lists it."""
    return f"http://127.0.0.1:{port},http://localhost:{port}"


def lineup(ports: Mapping[str, int], folder: Path, model_dir: Path) -> dict[str, Program]:
    """Every program, by name. `ports` has every program's port, started or not: the API's
    CORS_ORIGINS names the frontend's even in a run that does not start the frontend."""
    return {program.name: program for program in _all_programs(ports, folder, model_dir)}


def _all_programs(ports: Mapping[str, int], folder: Path, model: Path) -> list[Program]:
    def port(name: str) -> int:
        return ports[name]

    def monolith(name: str, what: str, **env: str) -> Program:
        command = (sys.executable, "-m", "monolith")  # waitress, as monolith/__main__.py sets it
        settings = {"MONOLITH_PORT": str(port(name))}
        settings |= {"MONOLITH_DATABASE": str(folder / f"{name}.sqlite3")}
        settings |= {"MONOLITH_MODEL_DIR": str(model), **env}
        return Program(name, what, command, settings, port(name))

    def uvicorn(name: str, what: str, app: str, ready: str, **env: str) -> Program:
        command = (str(BIN / "uvicorn"), app, "--host", "127.0.0.1", "--port", str(port(name)))
        return Program(name, what, command, env, port(name), ready)

    def api(name: str, what: str, **env: str) -> Program:
        database = f"sqlite:///{folder / f'{name}.sqlite3'}"
        cors = origins(port("frontend"))
        settings = {"DATABASE_URL": database, "CORS_ORIGINS": cors, **env}
        return uvicorn(name, what, "decoupled.backend.main:app", "/healthz", **settings)

    def ml(name: str, what: str, model_name: str) -> Program:
        settings = {"MODEL_DIR": str(model), "MODEL": model_name}
        settings["CORS_ORIGINS"] = origins(port("frontend"))
        return uvicorn(name, what, "decoupled.ml.main:app", "/healthz", **settings)

    def frontend(name: str, what: str) -> Program:
        urls = {"API_URL": f"http://127.0.0.1:{port('api')}"}
        urls["ML_URL"] = f"http://127.0.0.1:{port('ml')}"
        command = (sys.executable, "-m", "decoupled.frontend")
        return Program(name, what, command, {"FRONTEND_PORT": str(port(name)), **urls}, port(name))

    return [
        monolith("monolith", "the Flask monolith: HTML pages only"),
        monolith("monolith-api", "the same monolith with its partner API", MONOLITH_API="1"),
        monolith("monolith-redesign", "the monolith, redesigned", MONOLITH_REDESIGN="1"),
        api("api", f"the catalog API (partner limit {RATE_LIMIT})", PARTNER_RATE_LIMIT=RATE_LIMIT),
        api("slow-api", "the catalog API, 2 s slow", API_DELAY_MS=str(SLOW_API_DELAY_MS)),
        ml("ml", "the ML service, content model", "content"),
        ml("ml-popularity", "the ML service, popularity model", "popularity"),
        frontend("frontend", "the browser frontend"),
        frontend("other-frontend", "the frontend on an origin CORS refuses"),
    ]
