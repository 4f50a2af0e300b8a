"""The ML service goes down in the middle of a crowd: both storefronts keep serving, and say so.

Splitting a program into services buys fault isolation only if each part is built for the
others to fail. Here a crowd of 100 visitors searches and opens course pages, half on the
catalog API, half on the monolith, and in the middle of it the ML service fails, in each of
its two ways:

* killed (SIGKILL, every process of it): its port refuses connections, the browser knows at
  once;
* frozen (SIGSTOP): its port still accepts connections and nothing ever answers, the worse
  case, which only a time limit ends (the frontend's, 5 s: `TIME_LIMIT_SECONDS` in js/api.js).

While it is down, the crowd must get every answer, as before: the catalog API does not need
the ML service, and the monolith holds its own copy of the model, so its course pages still
show "students who liked this also liked". And a real browser, on the decoupled frontend's
course page, must see the course (from the catalog API, under load) and, within a few
seconds, "Recommendations are unavailable right now" where the recommendations would be,
never an endless "Loading…". (tests/e2e/test_frozen_services.py shows the frozen service to
a quiet site; this is the same failure, with the servers busy.) How long the page took is
printed, never asserted: a generous limit only catches a page that never gives up.

The crowd, the fault and the browser's visit happen once per fault (the `ml_down` fixture),
on one ML service, frozen first, then killed; each test then judges one part of what was seen.
"""

import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.servers import CHROMIUM, origins
from tests.reliability.browser import BrowserThread
from tests.reliability.crowd import (
    COURSES,
    SEARCHES,
    ApiVisitor,
    MonolithVisitor,
    Outcome,
    Tally,
    Visitor,
    all_at_once,
    print_latencies,
    statuses,
)
from tests.reliability.servers import (
    ProductionServer,
    api_server,
    frontend_server,
    ml_server,
    monolith_server,
    running,
)
from tests.support.ports import free_ports

VISITORS_AT_ONCE = 100  # every other one on the API, the others on the monolith
REQUESTS_EACH = 60  # at most; the crowd stops once the fault has been seen through
BEFORE = 100  # answers before the fault: the crowd is in full swing
DURING = 50  # requests to each design at least, sent and answered while the ML service is down
PATIENCE = 120.0  # seconds: a crowd slower than this is taken for a hang
PAGE_PATIENCE_MS = 30_000  # far past the frontend's 5 s limit: only a page that hangs fails
COURSE = COURSES[0]
COURSE_TITLE = "Build AI Agents with Python"
UNAVAILABLE = "Recommendations are unavailable right now."
ALSO_LIKED = 4  # cards under "students who liked this also liked"
NO_CHROMIUM = "Chromium not found at /usr/bin/chromium; .ci/run installs it"


@dataclass
class Storefronts:
    api: ProductionServer
    monolith: ProductionServer
    ml: ProductionServer  # frozen first, then killed; started again if a fault finds it dead
    frontend: ProductionServer  # calls the API and the ML service


@pytest.fixture(scope="module")
def storefronts(tmp_path_factory: pytest.TempPathFactory, model_dir: Path) -> Iterator[Storefronts]:
    """Both designs' servers, started side by side once for both faults."""
    folder = tmp_path_factory.mktemp("storefronts")
    frontend_port, ml_port = free_ports(2)
    allowed = origins(frontend_port)
    api = api_server(folder, cors_origins=allowed)
    monolith = monolith_server(folder, model_dir)
    ml = ml_server(folder, model_dir, allowed, ml_port)
    frontend = frontend_server(folder, api.url, ml.url, frontend_port)
    with running(api, monolith, ml, frontend):
        yield Storefronts(api, monolith, ml, frontend)


@pytest.fixture(scope="module")
def chromium() -> Iterator[BrowserThread | None]:
    """A real browser, or None where Chromium is not installed (the browser's test skips)."""
    if not CHROMIUM.exists():
        yield None
        return
    browser = BrowserThread()
    try:
        browser.start()
        yield browser
    finally:
        browser.close()


@dataclass
class BrowserView:
    """What a visitor's browser showed on the decoupled frontend's course page."""

    course_title: str
    also_liked: str
    also_liked_cards: int
    seconds: float  # from opening the page until it had settled (or given up waiting)
    javascript_errors: list[str] = field(default_factory=list)


@dataclass
class MlDown:
    fault: str
    outcomes: list[Outcome]
    down_from: float  # time.monotonic()
    down_until: float
    seen: BrowserView | None  # None: no Chromium here

    def while_down(self, design: str) -> list[Outcome]:
        """The requests to `design` sent and answered while the ML service was down."""
        return [
            outcome
            for outcome in self.outcomes
            if outcome.design == design
            and self.down_from <= outcome.ended - outcome.seconds
            and outcome.ended <= self.down_until
        ]


@contextmanager
def failing(ml: ProductionServer, fault: str) -> Iterator[None]:
    """The ML service down: killed for good, or frozen and let go again whatever happens."""
    if fault == "killed":
        ml.kill()
        yield
        return
    ml.signal_group(signal.SIGSTOP)
    try:
        yield
    finally:
        ml.signal_group(signal.SIGCONT)


# True once both parts of the course page have their answer: the course, the recommendations.
SETTLED = """() => {
    const course = document.querySelector("#status").textContent;
    const liked = document.querySelector(".also-liked .recommendations").textContent;
    return !course.includes("Loading") && !liked.includes("Loading");
}"""


def _look(browser: Browser, storefronts: Storefronts) -> BrowserView:
    """Open the course page, as a visitor would, and note what it shows once settled."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(PAGE_PATIENCE_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        opened = time.monotonic()
        page.goto(f"{storefronts.frontend.url}/course.html?slug={COURSE}")
        with suppress(PlaywrightTimeout):  # then judged by what it shows: "Loading…" forever
            page.wait_for_function(SETTLED, timeout=PAGE_PATIENCE_MS)
        seconds = time.monotonic() - opened
        also_liked = page.locator(".also-liked")
        return BrowserView(
            course_title=page.locator(".course-title").text_content() or "",
            also_liked=also_liked.text_content() or "",
            also_liked_cards=also_liked.locator(".course-card").count(),
            seconds=seconds,
            javascript_errors=errors,
        )
    finally:
        context.close()


@pytest.fixture(scope="module", params=["frozen", "killed"])
def ml_down(
    request: pytest.FixtureRequest, storefronts: Storefronts, chromium: BrowserThread | None
) -> MlDown:
    """A crowd on both storefronts; in the middle of it, the ML service fails (the param)
    and a browser opens the decoupled frontend's course page. Everything seen, for the tests."""
    fault: str = request.param
    ml = storefronts.ml
    assert ml.process is not None
    if ml.process.poll() is None:
        ml.wait_until_ready()  # thawed after the last fault: it answers again
    else:
        ml.start()  # killed by the last fault (when the faults run in another order)
    answered = Tally()
    while_down = {"api": Tally(), "monolith": Tally()}
    down, enough = threading.Event(), threading.Event()

    def browse(number: int, visitor: Visitor) -> list[Outcome]:
        outcomes = []
        for request_number in range(REQUESTS_EACH):
            if enough.is_set():
                break
            sent_while_down = down.is_set()
            if (number + request_number) % 2:
                outcomes.append(visitor.search(SEARCHES[number % len(SEARCHES)]))
            else:
                outcomes.append(visitor.course_page(COURSES[number % len(COURSES)]))
            answered.add()
            if sent_while_down:
                while_down[visitor.design].add()
        return outcomes

    visitors: list[Visitor] = [
        ApiVisitor(storefronts.api.url) if number % 2 else MonolithVisitor(storefronts.monolith.url)
        for number in range(VISITORS_AT_ONCE)
    ]
    seen = None
    with ThreadPoolExecutor(1) as background:
        crowd = background.submit(all_at_once, visitors, browse)
        for tally in [answered, *while_down.values()]:
            crowd.add_done_callback(lambda _, tally=tally: tally.over())
        try:
            assert answered.wait_for(BEFORE, PATIENCE), f"only {answered.count} answers"
            with failing(ml, fault):
                down_from = time.monotonic()
                down.set()
                if chromium is not None:
                    seen = chromium.run(lambda browser: _look(browser, storefronts))
                for tally in while_down.values():
                    tally.wait_for(DURING, PATIENCE)
                down_until = time.monotonic()
        finally:
            enough.set()  # the crowd goes home
        outcomes = crowd.result(timeout=PATIENCE)
    return MlDown(fault, outcomes, down_from, down_until, seen)


def test_the_api_and_the_monolith_answer_every_visitor_while_the_ml_service_is_down(
    ml_down: MlDown,
) -> None:
    counts = statuses(ml_down.outcomes)
    api, monolith = ml_down.while_down("api"), ml_down.while_down("monolith")
    print(
        f"ML service {ml_down.fault}: {len(ml_down.outcomes)} requests from {VISITORS_AT_ONCE} "
        f"visitors, {len(api)} to the API and {len(monolith)} to the monolith while it was down"
    )
    print_latencies(f"the API while the ML service was {ml_down.fault}", api)
    print_latencies(f"the monolith while the ML service was {ml_down.fault}", monolith)
    assert api and monolith  # the crowd really was on both while the ML service was down
    failed = [outcome for outcome in ml_down.outcomes if outcome.status != 200 or not outcome.shown]
    assert failed == [], counts


def test_the_monoliths_course_pages_still_show_students_also_liked_while_the_ml_service_is_down(
    ml_down: MlDown,
) -> None:
    pages = [outcome for outcome in ml_down.while_down("monolith") if outcome.kind == "page"]
    assert pages
    # The monolith's own copy of the model answers; the ML service is not asked.
    assert {outcome.recommendations for outcome in pages} == {ALSO_LIKED}


@pytest.mark.e2e
def test_the_decoupled_course_page_shows_the_course_and_says_recommendations_are_unavailable(
    ml_down: MlDown,
) -> None:
    seen = ml_down.seen
    if seen is None:
        pytest.skip(NO_CHROMIUM)
    print(
        f"ML service {ml_down.fault}, under load: the course page settled in {seen.seconds:.1f} s"
    )
    assert COURSE_TITLE in seen.course_title  # from the catalog API, busy as it is
    assert UNAVAILABLE in seen.also_liked
    assert "Loading" not in seen.also_liked
    assert seen.also_liked_cards == 0
    assert seen.javascript_errors == []
