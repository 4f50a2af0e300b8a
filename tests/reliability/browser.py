"""Chromium, driven from a thread of its own, so it can run next to the browser tests' own.

Playwright's sync API allows one running instance per thread: a second `sync_playwright()` in
the thread of the first fails ("using Playwright Sync API inside the asyncio loop"). The
real-browser tests of tests/e2e keep theirs open in pytest's thread for the whole run, so this
folder drives its browser from another thread: every call to it is a job sent to that one
thread, and waits there for its answer.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from playwright.sync_api import Browser, Playwright, sync_playwright

from tests.e2e.servers import launch_chromium

T = TypeVar("T")
PATIENCE = 120.0  # seconds for one job; longer means the browser itself hangs


class BrowserThread:
    """Chromium started, used and closed in one thread; `run(job)` calls `job(browser)` there."""

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="chromium")
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None

    def start(self) -> None:
        self._thread.submit(self._start).result(timeout=PATIENCE)

    def _start(self) -> None:
        self._playwright = sync_playwright().start()
        self._browser = launch_chromium(self._playwright)

    def run(self, job: Callable[[Browser], T]) -> T:
        def in_its_thread() -> T:
            assert self._browser is not None, "the browser did not start"
            return job(self._browser)

        return self._thread.submit(in_its_thread).result(timeout=PATIENCE)

    def close(self) -> None:
        try:
            self._thread.submit(self._close).result(timeout=PATIENCE)
        finally:
            self._thread.shutdown()

    def _close(self) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()
