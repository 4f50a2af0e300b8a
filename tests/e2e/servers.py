"""Start CourseHub's real servers, and Chromium, for the browser tests and the screenshots.

Each server is a subprocess on a free port of 127.0.0.1, with its own temporary database,
started exactly as the make targets start it: the monolith with waitress, the catalog API
and the ML service with uvicorn, the frontend with `python -m decoupled.frontend`. The
recommender is trained once, as `make train` does, into a temporary folder that both the
monolith and the ML service load. `coursehub()` starts them all and stops them at the end;
each one's output goes to a log file, shown when it fails to start. Below them: `Site`, one
architecture as a visitor reaches it, and the course full of markup that the tests add to
both databases (and that the model, trained on the dataset alone, does not know).
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

from playwright.sync_api import Browser, Playwright
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.e2e.chromium import SYSTEM_CHROMIUMS, NoChromium, find_chromium

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_FILE = REPO_ROOT / "data" / "courses.json"
BIN = Path(sys.executable).parent  # the virtual environment's scripts: uvicorn
NO_PUBLIC_LIMITS = {"SEARCH_RATE_LIMIT": "", "ENROLLMENT_RATE_LIMIT": ""}
# The Chromium to drive, found once (tests/e2e/chromium.py: CHROMIUM=..., the system's, or
# Playwright's own). Without one, NO_CHROMIUM says what to do, and CHROMIUM is a path that
# does not exist (Debian's), for the code that asks `CHROMIUM.exists()`.
try:
    CHROMIUM, NO_CHROMIUM = find_chromium(), ""
except NoChromium as missing:
    CHROMIUM, NO_CHROMIUM = SYSTEM_CHROMIUMS[0], str(missing)
# Chromium, quiet: no sandbox (containers), no GPU, no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

# A course as data/courses.json writes it.
Record = Mapping[str, Any]


def launch_chromium(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


def free_port(preferred: int = 0) -> int:
    """`preferred` when it is free, else any free port."""
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", preferred))
        except OSError:
            sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_ports(count: int) -> list[int]:
    """`count` different free ports (each held until all are found, so none comes twice)."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


# The usual ports (README.md, lesson 00), for when the addresses should look like a learner's.
USUAL_PORTS = {"monolith": 5050, "api": 8000, "ml": 8001, "frontend": 3000}


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    ready_path: str = "/"

    def wait_until_ready(self, timeout: float = 60) -> None:
        """Wait until `url + ready_path` answers 200; if the server stops first, or takes
        longer than `timeout` seconds, fail with the end of its log."""
        deadline = time.monotonic() + timeout
        while not _answers(self.url + self.ready_path):
            if self.process.poll() is not None or time.monotonic() > deadline:
                output = self.log_path.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{self.name} did not start at {self.url}:\n{output}")
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _answers(url: str) -> bool:
    try:
        with urlopen(url, timeout=2) as response:  # noqa: S310 (our own http:// URL)
            return response.status == 200
    except HTTPError as error:
        error.close()
        return False
    except (URLError, ConnectionError, TimeoutError):
        return False


@contextmanager
def run_server(
    name: str,
    command: Sequence[str],
    env: Mapping[str, str],
    url: str,
    ready_path: str,
    logs: Path,
    *,
    wait: bool = True,
) -> Iterator[Server]:
    """Start `command`, wait until `url + ready_path` answers 200, stop it on exit. With
    `wait=False`, return at once: the caller starts other servers meanwhile, then calls
    `wait_until_ready()` on each."""
    log_path = logs / f"{name}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: S603 (a fixed command of ours)
            list(command),
            cwd=REPO_ROOT,
            # No public rate limits: one test session searches far more than a visitor.
            env={**os.environ, "PYTHONUNBUFFERED": "1", **NO_PUBLIC_LIMITS, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        server = Server(name, url, process, log_path, ready_path)
        try:
            if wait:
                server.wait_until_ready()
            yield server
        finally:
            server.stop()


@contextmanager
def training(folder: Path) -> Iterator[Callable[[], Path]]:
    """Train both recommenders into `folder/models`, as `make train` does, in the background.

    Yields a function that waits for the training to end and returns the models' folder; so
    the caller can start what needs no model (the catalog API) while the model trains.
    """
    model_dir = folder / "models"
    log_path = folder / "train.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: S603 (a fixed command of ours)
            [sys.executable, "-m", "decoupled.ml.train"],
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "MODEL_DIR": str(model_dir)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )

        def trained() -> Path:
            if process.wait(timeout=120) != 0:
                output = log_path.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"training the recommenders failed:\n{output}")
            return model_dir

        try:
            yield trained
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()


def seed_monolith(database: Path, extra_courses: Sequence[Record] = ()) -> None:
    """The monolith's database: the dataset, plus `extra_courses`, with the monolith's code."""
    from monolith.db import make_engine, reset_database
    from monolith.models import Category, Course
    from monolith.search import words_column

    engine = make_engine(f"sqlite:///{database}")
    reset_database(engine, str(DATA_FILE))
    with Session(engine) as session:
        for record in extra_courses:
            category_slug = record["category"]["slug"]
            category = session.scalar(select(Category).where(Category.slug == category_slug))
            session.add(
                Course(
                    **_common_columns(record, words_column),
                    category=category,
                    tags=",".join(record["tags"]),
                )
            )
        session.commit()
    engine.dispose()


def seed_api(database_url: str, extra_courses: Sequence[Record] = ()) -> None:
    """The API's database: the dataset, plus `extra_courses`, with the API's code."""
    from decoupled.backend.db import init_db, make_engine
    from decoupled.backend.models import Category, Course
    from decoupled.backend.search import words_column

    engine = make_engine(database_url)
    init_db(engine, DATA_FILE)
    with Session(engine) as session:
        for record in extra_courses:
            category_slug = record["category"]["slug"]
            category = session.scalar(select(Category).where(Category.slug == category_slug))
            session.add(
                Course(
                    **_common_columns(record, words_column),
                    category=category,
                    tags=list(record["tags"]),
                )
            )
        session.commit()
    engine.dispose()


def _common_columns(record: Record, words_column: Any) -> dict[str, Any]:
    # The columns both twins' Course models share, filled as their seed code fills them;
    # `words_column` is the twin's own, so search finds the course in each.
    searchable = [record["title"], record["headline"], *record["tags"], record["instructor"]]
    return {
        "slug": record["slug"],
        "title": record["title"],
        "headline": record["headline"],
        "description": record["description"],
        "level": record["level"],
        "instructor": record["instructor"],
        "price_cents": round(record["price"] * 100),
        "rating": record["rating"],
        "review_count": record["review_count"],
        "student_count": record["student_count"],
        "language": record["language"],
        "hours": record["hours"],
        "published": date.fromisoformat(record["published"]),
        "search_words": words_column(" ".join(searchable)),
        "title_words": words_column(record["title"]),
    }


@contextmanager
def run_monolith(
    folder: Path,
    model_dir: Path,
    extra_courses: Sequence[Record] = (),
    port: int = 0,
    *,
    wait: bool = True,
) -> Iterator[Server]:
    database = folder / "m.sqlite3"
    seed_monolith(database, extra_courses)
    port = free_port(port)
    settings = {"MONOLITH_PORT": str(port), "MONOLITH_DATABASE": str(database)}
    with run_server(
        "monolith",
        [sys.executable, "-m", "monolith"],  # waitress, as `make monolith` runs it
        # The monolith loads the recommender into its own process (monolith/config.py).
        {**settings, "MONOLITH_MODEL_DIR": str(model_dir)},
        f"http://127.0.0.1:{port}",
        "/",
        folder,
        wait=wait,
    ) as server:
        yield server


@contextmanager
def run_api(
    folder: Path,
    cors_origins: Sequence[str],
    extra_courses: Sequence[Record] = (),
    port: int = 0,
    *,
    wait: bool = True,
) -> Iterator[Server]:
    database_url = f"sqlite:///{folder / 'api.sqlite3'}"
    seed_api(database_url, extra_courses)
    port = free_port(port)
    command = [str(BIN / "uvicorn"), "decoupled.backend.main:app"]
    with run_server(
        "api",
        [*command, "--host", "127.0.0.1", "--port", str(port)],
        # The API reads CORS_ORIGINS as a comma-separated list (decoupled/backend/config.py).
        {"DATABASE_URL": database_url, "CORS_ORIGINS": ",".join(cors_origins)},
        f"http://127.0.0.1:{port}",
        "/healthz",
        folder,
        wait=wait,
    ) as server:
        yield server


@contextmanager
def run_ml(
    folder: Path, model_dir: Path, cors_origins: Sequence[str], port: int = 0, *, wait: bool = True
) -> Iterator[Server]:
    """The ML service, serving the content model trained into `model_dir`."""
    port = free_port(port)
    command = [str(BIN / "uvicorn"), "decoupled.ml.main:app"]
    with run_server(
        "ml",
        [*command, "--host", "127.0.0.1", "--port", str(port)],
        # Like the API, it reads CORS_ORIGINS as a comma-separated list (decoupled/ml/config.py).
        {"MODEL_DIR": str(model_dir), "MODEL": "content", "CORS_ORIGINS": ",".join(cors_origins)},
        f"http://127.0.0.1:{port}",
        "/healthz",
        folder,
        wait=wait,
    ) as server:
        yield server


@contextmanager
def run_frontend(
    folder: Path, api_url: str, ml_url: str | None = None, port: int = 0, *, wait: bool = True
) -> Iterator[Server]:
    """The frontend, calling the API at `api_url` and the ML service at `ml_url` (when None,
    at the address in config.js)."""
    port = free_port(port)
    with run_server(
        f"frontend-{port}",
        [sys.executable, "-m", "decoupled.frontend"],
        {"FRONTEND_PORT": str(port), "API_URL": api_url, **({"ML_URL": ml_url} if ml_url else {})},
        f"http://127.0.0.1:{port}",
        "/",
        folder,
        wait=wait,
    ) as server:
        yield server


def origins(port: int) -> list[str]:
    """A page served on `port` of this machine, in both spellings."""
    return [f"http://127.0.0.1:{port}", f"http://localhost:{port}"]


@dataclass
class CourseHub:
    monolith: Server
    api: Server
    ml: Server
    frontend: Server  # calls the API and the ML service
    # The same frontend and API, but its ML_URL is an address where nothing listens: the
    # ML service is down for it.
    frontend_without_ml: Server
    model_dir: Path


@contextmanager
def coursehub(
    folder: Path, extra_courses: Sequence[Record] = (), usual_ports: bool = False
) -> Iterator[CourseHub]:
    """Both architectures, running: the monolith; the API, the ML service and the frontend
    that calls them (and a second frontend, whose ML service is down). With `usual_ports`,
    each takes its documented port when that one is free."""
    ports = USUAL_PORTS if usual_ports else dict.fromkeys(USUAL_PORTS, 0)
    # First the frontends' ports: the API and the ML service must allow their origins.
    frontend_port = free_port(ports["frontend"])
    without_ml_port, unused_port = free_ports(2)
    nothing_listens = f"http://127.0.0.1:{unused_port}"
    ml_port = free_port(ports["ml"])  # the frontend must know it before the service starts
    ml_url = f"http://127.0.0.1:{ml_port}"
    allowed = origins(frontend_port) + origins(without_ml_port)
    with ExitStack() as stack:
        # Each server is started without waiting for it, then all are waited for together:
        # they start side by side. The model trains while the API's database is seeded.
        start = stack.enter_context
        trained = start(training(folder))
        api = start(run_api(folder, allowed, extra_courses, ports["api"], wait=False))
        frontend = start(run_frontend(folder, api.url, ml_url, frontend_port, wait=False))
        without_ml = start(
            run_frontend(folder, api.url, nothing_listens, without_ml_port, wait=False)
        )
        model_dir = trained()
        monolith = start(
            run_monolith(folder, model_dir, extra_courses, ports["monolith"], wait=False)
        )
        ml = start(run_ml(folder, model_dir, allowed, ml_port, wait=False))
        for server in (api, frontend, without_ml, monolith, ml):
            server.wait_until_ready()
        yield CourseHub(monolith, api, ml, frontend, without_ml, model_dir)


@dataclass(frozen=True)
class Site:
    """One architecture's storefront, as a visitor reaches it."""

    name: str
    url: str

    def course_url(self, slug: str) -> str:
        if self.name == "monolith":
            return f"{self.url}/courses/{slug}"
        return f"{self.url}/course.html?slug={slug}"


# A course whose text is markup: both architectures must show it as text and run nothing.
MARKUP_TITLE = "Safe pages <img src=x onerror=alert(1)> for everyone"
MARKUP_COURSE = {
    "slug": "markup-in-course-data",
    "title": MARKUP_TITLE,
    "headline": "Headlines with <b>tags</b> stay text",
    "description": "<script>alert(2)</script> Course data is text, whatever it contains.",
    "category": {"slug": "web-development", "name": "Web Development"},
    "level": "beginner",
    "instructor": "Mallory <i>Markup</i>",
    "price": 0,
    "rating": 4.0,
    "review_count": 3,
    "student_count": 10,
    "language": "English",
    "hours": 1.0,
    "tags": ["<svg onload=alert(3)>", "security"],
    "published": "2024-01-15",
}
