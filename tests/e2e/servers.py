"""Start CourseHub's real servers, and Chromium, for the browser tests and the screenshots.

Each server is a subprocess on a free port of 127.0.0.1, with its own temporary database,
started exactly as the make targets start it: the monolith with waitress, the catalog API
with uvicorn, the frontend with `python -m decoupled.frontend`. `coursehub()` starts all
three and stops them at the end; each one's output goes to a log file, shown when it fails
to start. Below them: `Site`, one architecture as a visitor reaches it, and the course
full of markup that the tests add to both databases.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
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

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_FILE = REPO_ROOT / "data" / "courses.json"
BIN = Path(sys.executable).parent  # the virtual environment's scripts: waitress-serve, uvicorn
CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium, quiet: no sandbox (containers), no GPU, no calls home.
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


# The documented ports (DESIGN.md), for when the addresses should look like a learner's.
USUAL_PORTS = {"monolith": 5050, "api": 8000, "frontend": 3000}


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

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
    name: str, command: Sequence[str], env: Mapping[str, str], url: str, ready_path: str, logs: Path
) -> Iterator[Server]:
    """Start `command`, wait until `url + ready_path` answers 200, stop it on exit."""
    log_path = logs / f"{name}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: S603 (a fixed command of ours)
            list(command),
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        server = Server(name, url, process, log_path)
        try:
            deadline = time.monotonic() + 30
            while not _answers(url + ready_path):
                if process.poll() is not None or time.monotonic() > deadline:
                    output = log_path.read_text(errors="replace")[-3000:]
                    raise RuntimeError(f"{name} did not start at {url}:\n{output}")
                time.sleep(0.1)
            yield server
        finally:
            server.stop()


def seed_monolith(database: Path, extra_courses: Sequence[Record] = ()) -> None:
    """The monolith's database: the dataset, plus `extra_courses`, with the monolith's code."""
    from monolith.db import make_engine, reset_database
    from monolith.models import Category, Course
    from monolith.search import words_column

    engine = make_engine(str(database))
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
    folder: Path, extra_courses: Sequence[Record] = (), port: int = 0
) -> Iterator[Server]:
    database = folder / "m.sqlite3"
    seed_monolith(database, extra_courses)
    port = free_port(port)
    command = [str(BIN / "waitress-serve"), f"--listen=127.0.0.1:{port}", "--call"]
    with run_server(
        "monolith",
        [*command, "monolith:create_app"],
        {"MONOLITH_DATABASE": str(database)},
        f"http://127.0.0.1:{port}",
        "/",
        folder,
    ) as server:
        yield server


@contextmanager
def run_api(
    folder: Path, cors_origins: Sequence[str], extra_courses: Sequence[Record] = (), port: int = 0
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
    ) as server:
        yield server


@contextmanager
def run_frontend(folder: Path, api_url: str, port: int = 0) -> Iterator[Server]:
    port = free_port(port)
    with run_server(
        f"frontend-{port}",
        [sys.executable, "-m", "decoupled.frontend"],
        {"FRONTEND_PORT": str(port), "API_URL": api_url},
        f"http://127.0.0.1:{port}",
        "/",
        folder,
    ) as server:
        yield server


@dataclass
class CourseHub:
    monolith: Server
    api: Server
    frontend: Server


@contextmanager
def coursehub(
    folder: Path, extra_courses: Sequence[Record] = (), usual_ports: bool = False
) -> Iterator[CourseHub]:
    """Both architectures, running: the monolith; the API and the frontend that calls it.
    With `usual_ports`, each takes its documented port when that one is free."""
    ports = USUAL_PORTS if usual_ports else dict.fromkeys(USUAL_PORTS, 0)
    frontend_port = free_port(ports["frontend"])  # first: the API must allow its origin
    origins = [f"http://127.0.0.1:{frontend_port}", f"http://localhost:{frontend_port}"]
    with ExitStack() as stack:
        monolith = stack.enter_context(run_monolith(folder, extra_courses, ports["monolith"]))
        api = stack.enter_context(run_api(folder, origins, extra_courses, ports["api"]))
        frontend = stack.enter_context(run_frontend(folder, api.url, frontend_port))
        yield CourseHub(monolith, api, frontend)


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
