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

from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Playwright
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.e2e.chromium import SYSTEM_CHROMIUMS, NoChromium, find_chromium
from tests.support.environment import NO_PUBLIC_LIMITS, clean_environment
from tests.support.models import training
from tests.support.ports import free_port, free_ports
from tests.support.processes import REPO_ROOT
from tests.support.servers import FRONTEND, MONOLITH, Server, serving, start_server, uvicorn

DATA_FILE = REPO_ROOT / "data" / "courses.json"
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


# The usual ports (README.md, lesson 00), for when the addresses should look like a learner's.
USUAL_PORTS = {"monolith": 5050, "api": 8000, "ml": 8001, "frontend": 3000}


def run_server(
    name: str,
    command: Sequence[str],
    settings: Mapping[str, str],
    port: int,
    ready_path: str,
    logs: Path,
    *,
    wait: bool = True,
) -> AbstractContextManager[Server]:
    """Start `command` with `settings` in a clean environment, serving on `port`; wait until
    `ready_path` answers 200; stop it on exit. With `wait=False`, return at once: the caller
    starts other servers meanwhile, then calls `wait_until_ready()` on each."""
    # No public rate limits: one test session searches far more than a visitor.
    environment = clean_environment(**NO_PUBLIC_LIMITS, **settings)
    url = f"http://127.0.0.1:{port}"
    started = start_server(name, command, environment, logs / f"{name}.log", url, ready_path)
    return serving(started, wait=wait)


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


def run_monolith(
    folder: Path,
    model_dir: Path,
    extra_courses: Sequence[Record] = (),
    port: int = 0,
    *,
    wait: bool = True,
) -> AbstractContextManager[Server]:
    """The monolith under waitress, as `make monolith` runs it, on a database seeded now; it
    loads the recommender from `model_dir` into its own process (monolith/config.py)."""
    database = folder / "m.sqlite3"
    seed_monolith(database, extra_courses)
    port = free_port(port)
    settings = {"MONOLITH_PORT": str(port), "MONOLITH_DATABASE": str(database)}
    settings["MONOLITH_MODEL_DIR"] = str(model_dir)
    return run_server("monolith", MONOLITH, settings, port, "/", folder, wait=wait)


def run_api(
    folder: Path,
    cors_origins: Sequence[str],
    extra_courses: Sequence[Record] = (),
    port: int = 0,
    *,
    wait: bool = True,
) -> AbstractContextManager[Server]:
    """The catalog API under uvicorn, on a database seeded now."""
    database_url = f"sqlite:///{folder / 'api.sqlite3'}"
    seed_api(database_url, extra_courses)
    port = free_port(port)
    # The API reads CORS_ORIGINS as a comma-separated list (decoupled/backend/config.py).
    settings = {"DATABASE_URL": database_url, "CORS_ORIGINS": ",".join(cors_origins)}
    command = uvicorn("decoupled.backend.main:app", port)
    return run_server("api", command, settings, port, "/healthz", folder, wait=wait)


def run_ml(
    folder: Path, model_dir: Path, cors_origins: Sequence[str], port: int = 0, *, wait: bool = True
) -> AbstractContextManager[Server]:
    """The ML service, serving the content model trained into `model_dir`."""
    port = free_port(port)
    # Like the API, it reads CORS_ORIGINS as a comma-separated list (decoupled/ml/config.py).
    settings = {"MODEL_DIR": str(model_dir), "MODEL": "content"}
    settings["CORS_ORIGINS"] = ",".join(cors_origins)
    command = uvicorn("decoupled.ml.main:app", port)
    return run_server("ml", command, settings, port, "/healthz", folder, wait=wait)


def run_frontend(
    folder: Path, api_url: str, ml_url: str | None = None, port: int = 0, *, wait: bool = True
) -> AbstractContextManager[Server]:
    """The frontend, calling the API at `api_url` and the ML service at `ml_url` (when None,
    at the address in config.js)."""
    port = free_port(port)
    settings = {"FRONTEND_PORT": str(port), "API_URL": api_url}
    settings |= {"ML_URL": ml_url} if ml_url else {}
    return run_server(f"frontend-{port}", FRONTEND, settings, port, "/", folder, wait=wait)


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
    folder: Path,
    extra_courses: Sequence[Record] = (),
    usual_ports: bool = False,
    model_dir: Path | None = None,
) -> Iterator[CourseHub]:
    """Both architectures, running: the monolith; the API, the ML service and the frontend
    that calls them (and a second frontend, whose ML service is down). With `usual_ports`,
    each takes its documented port when that one is free. The recommenders are trained into
    `folder`, unless `model_dir` already holds them."""
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
        trained = start(training(folder / "models")) if model_dir is None else lambda: model_dir
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
