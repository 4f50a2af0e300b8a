"""The live programs, shared by every test of tests/lessons that asks for `servers`."""

import shutil
from collections.abc import Iterator

import pytest

from tests.lessons.commands.harness import HARNESS_TO_RUN
from tests.lessons.commands.kinds import LIVE_LESSON_COMMANDS
from tests.lessons.commands.servers import Servers


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    live = Servers(tmp_path_factory.mktemp("live"))
    try:
        live.prestart([*LIVE_LESSON_COMMANDS, *(c for cs in HARNESS_TO_RUN.values() for c in cs)])
        yield live
    finally:
        live.stop()
