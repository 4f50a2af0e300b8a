"""The whole demo, for real: `python -m demo --no-pause`, every program on a free port.

Every step checks its own narration, so a run that exits 0 is a story that is still true:
each lesson's claim, shown live, against today's code. The models are the ones
trained once for the whole run into a temporary folder (MODEL_DIR), so the run never depends
on, or touches, var/.
"""

import subprocess
import sys
from pathlib import Path

from demo.ports import PORTS, is_busy
from demo.story import STORY
from tests.support.environment import clean_environment
from tests.support.ports import free_ports
from tests.support.processes import REPO_ROOT


def test_the_whole_demo_runs_and_every_step_behaves_as_narrated(trained_models: Path) -> None:
    ports = dict(zip(PORTS, free_ports(len(PORTS)), strict=True))
    variables = {PORTS[name].variable: str(port) for name, port in ports.items()}
    done = subprocess.run(
        [sys.executable, "-m", "demo", "--no-pause"],
        cwd=REPO_ROOT,
        env=clean_environment(MODEL_DIR=str(trained_models), COLUMNS="120", **variables),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=170,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    for number, step in enumerate(STORY, start=1):
        heading = f"Step {number}/{len(STORY)} · lesson {step.lesson} · {step.title}"
        assert heading in output, f"no heading {heading!r}"
    assert "Every program is stopped." in output
    still_listening = [port for port in ports.values() if is_busy(port)]
    assert not still_listening, f"something still listens on {still_listening} after the demo"
