"""The whole demo, for real: `python -m demo --no-pause`, every program on a free port.

Every step checks its own narration, so a run that exits 0 is a story that is still true:
each lesson's claim, shown live, against today's code. The models are trained into a
temporary folder first (MODEL_DIR), so the run never depends on, or touches, var/.
"""

import os
import socket
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

from demo.ports import PORTS, is_busy
from demo.story import STORY

REPO_ROOT = Path(__file__).resolve().parents[2]


def free_ports(count: int) -> list[int]:
    """`count` different free ports (each held until all are found, so none comes twice)."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def clean_environment(**extra: str) -> dict[str, str]:
    """This environment without proxies, plus `extra` (the demo drops project settings)."""
    kept = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    return {**kept, "NO_PROXY": "127.0.0.1,localhost", **extra}


def test_the_whole_demo_runs_and_every_step_behaves_as_narrated(tmp_path: Path) -> None:
    models = tmp_path / "models"
    trained = subprocess.run(
        [sys.executable, "-m", "decoupled.ml.train"],
        cwd=REPO_ROOT,
        env=clean_environment(MODEL_DIR=str(models)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert trained.returncode == 0, trained.stderr

    ports = dict(zip(PORTS, free_ports(len(PORTS)), strict=True))
    variables = {PORTS[name].variable: str(port) for name, port in ports.items()}
    done = subprocess.run(
        [sys.executable, "-m", "demo", "--no-pause"],
        cwd=REPO_ROOT,
        env=clean_environment(MODEL_DIR=str(models), COLUMNS="120", **variables),
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
