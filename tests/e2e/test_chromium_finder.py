"""Which Chromium the browser tests drive (tests/e2e/chromium.py), checked with no browser.

The finder is handed fake "programs" (executable files in a temporary folder) for the
learner's CHROMIUM, the system's browsers and Playwright's download, so every branch is seen
on any machine, this one included, where Playwright cannot download its browser.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.chromium import NOT_FOUND, NoChromium, find_chromium, playwrights_chromium

REPO_ROOT = Path(__file__).resolve().parents[2]


def program(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def nothing() -> None:
    return None  # Playwright is not installed


def test_chromium_set_to_a_real_program_wins_over_every_other(tmp_path: Path) -> None:
    mine = program(tmp_path / "my" / "chromium")
    system = program(tmp_path / "usr" / "bin" / "chromium")

    found = find_chromium({"CHROMIUM": str(mine)}, [system], lambda: system)

    assert found == mine


def test_chromium_set_to_a_missing_path_is_an_error_that_names_it(tmp_path: Path) -> None:
    system = program(tmp_path / "usr" / "bin" / "chromium")
    missing = tmp_path / "no-such-chromium"

    with pytest.raises(NoChromium) as error:
        find_chromium({"CHROMIUM": str(missing)}, [system], nothing)

    # Not quietly another browser: the learner asked for this one.
    assert str(error.value) == (
        f"CHROMIUM={missing} is not a program: set it to Chromium's path, "
        "or unset it to use the one found on this machine"
    )


def test_chromium_set_to_a_macos_app_finds_the_program_inside(tmp_path: Path) -> None:
    app = tmp_path / "Applications" / "Chromium.app"
    inside = program(app / "Contents" / "MacOS" / "Chromium")

    assert find_chromium({"CHROMIUM": str(app)}, [], nothing) == inside


def test_without_chromium_set_the_first_system_browser_there_is_used(tmp_path: Path) -> None:
    debian = tmp_path / "usr" / "bin" / "chromium"  # not installed
    ubuntu = program(tmp_path / "usr" / "bin" / "chromium-browser")
    chrome = program(tmp_path / "Applications" / "Google Chrome.app" / "Google Chrome")

    assert find_chromium({}, [debian, ubuntu, chrome], nothing) == ubuntu


def test_without_a_system_browser_playwrights_own_is_used_once_downloaded(
    tmp_path: Path,
) -> None:
    downloaded = program(tmp_path / "ms-playwright" / "chromium-1200" / "chrome-linux64" / "chrome")

    found = find_chromium({"CHROMIUM": ""}, [tmp_path / "no-chromium"], lambda: downloaded)

    assert found == downloaded


@pytest.mark.parametrize("playwright_says", ["not downloaded yet", "not installed"])
def test_without_any_chromium_the_message_says_exactly_what_to_run(
    tmp_path: Path, playwright_says: str
) -> None:
    not_downloaded = tmp_path / "ms-playwright" / "chromium-1200" / "chrome-linux64" / "chrome"
    playwrights = (lambda: not_downloaded) if playwright_says == "not downloaded yet" else nothing

    with pytest.raises(NoChromium) as error:
        find_chromium({}, [tmp_path / "no-chromium"], playwrights)

    assert str(error.value) == NOT_FOUND
    assert NOT_FOUND == (
        "No Chromium found: install one (Debian: sudo apt install chromium; macOS: brew "
        "install --cask chromium) or run `make browsers`, or set CHROMIUM=/path/to/chromium"
    )


def test_playwright_names_the_place_make_browsers_downloads_its_chromium_to() -> None:
    # The real Playwright, asked where its browser goes (downloaded or not: here, it cannot be).
    path = playwrights_chromium()

    assert path is not None and path.is_absolute() and "chromium" in str(path).lower()


def run(command: list[str], chromium: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=REPO_ROOT,
        env={**os.environ, "CHROMIUM": chromium},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_without_chromium_the_browser_tests_skip_with_the_finders_one_line_reason() -> None:
    test_file = "tests/e2e/test_content_security_policy.py"

    result = run([sys.executable, "-m", "pytest", test_file, "-q", "-p", "no:randomly"], "/none")

    assert result.returncode == 0, result.stdout
    reason = "CHROMIUM=/none is not a program: set it to Chromium's path, or unset it"
    assert f"SKIPPED [2] {test_file}:" in result.stdout and reason in result.stdout
    assert "2 skipped" in result.stdout


def test_without_chromium_make_screenshots_stops_with_the_same_reason() -> None:
    result = run([sys.executable, "-m", "tests.e2e.screenshots"], "/none")

    assert result.returncode == 1
    assert result.stderr.startswith("CHROMIUM=/none is not a program")
    assert result.stdout == ""  # stopped before starting any server
