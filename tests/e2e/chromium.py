"""Which Chromium the browser tests and `make screenshots` drive, on Linux and on macOS.

One rule, in this order, used by tests/e2e/conftest.py, tests/e2e/screenshots.py and
`make doctor` (lessons/instructor/doctor.py):

1. `CHROMIUM=...`, when set: the learner said which one. A path (or a command on PATH) that
   is not a program is an error, not a reason to quietly pick another browser.
2. A Chromium the system installed: Debian's /usr/bin/chromium (or /usr/bin/chromium-browser
   on older Ubuntus), or on macOS Google Chrome or Chromium in /Applications.
3. The Chromium that Playwright downloads for the learner: `make browsers` runs
   `playwright install chromium`, and Playwright knows where it put it.

Else `NoChromium`, whose message says exactly what to run. This module uses the standard
library only, and old Pythons' syntax: the doctor imports it before anything is installed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

SYSTEM_CHROMIUMS = (
    Path("/usr/bin/chromium"),
    Path("/usr/bin/chromium-browser"),
    Path("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
    Path("/Applications/Chromium.app/Contents/MacOS/Chromium"),
)
NOT_FOUND = (
    "No Chromium found: install one (Debian: sudo apt install chromium; "
    "macOS: brew install --cask chromium) or run `make browsers`, "
    "or set CHROMIUM=/path/to/chromium"
)


class NoChromium(Exception):
    """No Chromium to drive; the message is one line that says what to do."""


def is_program(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def playwrights_chromium() -> Path | None:
    """Where Playwright keeps the Chromium it downloads (`make browsers`), whether it is there
    yet or not; None when Playwright itself is not installed (before `make setup`)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as playwright:  # starts Playwright's driver: about a second
        return Path(playwright.chromium.executable_path)


def find_chromium(
    environ: Mapping[str, str] | None = None,
    system: Iterable[Path] = SYSTEM_CHROMIUMS,
    playwrights: Callable[[], Path | None] = playwrights_chromium,
) -> Path:
    """The Chromium to drive, by the rule above, or `NoChromium` saying what to do."""
    environ = os.environ if environ is None else environ
    asked = environ.get("CHROMIUM", "").strip()
    if asked:
        # A macOS app bundle names its program inside: Chromium.app/Contents/MacOS/Chromium.
        if asked.endswith(".app") and Path(asked).is_dir():
            asked = str(Path(asked) / "Contents" / "MacOS" / Path(asked).stem)
        found = shutil.which(asked)  # a path to a program, or a command's name on PATH
        if found is None:
            raise NoChromium(
                f"CHROMIUM={asked} is not a program: set it to Chromium's path, "
                "or unset it to use the one found on this machine"
            )
        return Path(found)
    for path in system:
        if is_program(path):
            return path
    downloaded = playwrights()
    if downloaded is not None and is_program(downloaded):
        return downloaded
    raise NoChromium(NOT_FOUND)
