"""`make scale-demo` for real, short: what the instructor sees, and nothing left behind.

PostgreSQL, Redis, three catalog API instances and nginx start; a crowd of 100 clients sends
searches, course pages and enrollments through nginx while one instance gets SIGTERM and
another SIGKILL. What must hold: no client saw a failure (nginx sent the requests of the lost
instances again to a live one), every instance answered before the stops and only the survivor
after, every enrollment a client was told about is in PostgreSQL once, and a partner's limit is
one limit for the three. Then: Ctrl-C stops every server the demo started, and a machine
without the servers gets one line saying what to install.
"""

import json
import signal
import time
from pathlib import Path

import pytest

from scale import demo
from tests.scale.demo_run import descendants, skip_without_servers, start_demo, still_running
from tests.support.ports import free_port

RUN_TIMEOUT = 240  # seconds for the whole demo; it takes about 30


def test_the_demo_loses_no_request_and_no_enrollment_when_instances_stop_mid_load(
    tmp_path: Path,
):
    skip_without_servers()
    summary_file = tmp_path / "summary.json"
    process = start_demo(
        tmp_path / "scale",
        free_port(),
        "--seconds",
        "6",
        "--clients",
        "100",
        "--summary",
        str(summary_file),
    )
    output, _ = process.communicate(timeout=RUN_TIMEOUT)
    assert process.returncode == 0, output
    summary = json.loads(summary_file.read_text())

    assert "What runs where" in output and "Who answered, phase by phase" in output
    assert f"Result: 0 failed of {summary['requests']:,} requests" in output
    assert summary["failed"] == 0
    assert summary["requests"] > 100
    before, *_, after = summary["phases"]
    assert set(before["by_instance"]) == {"api-1", "api-2", "api-3"}
    assert all(count > 0 for count in before["by_instance"].values())
    assert after["by_instance"].keys() == {"api-1"} and after["by_instance"]["api-1"] > 0
    assert summary["survivors"] == ["api-1"]

    enrollments = summary["enrollments"]
    assert enrollments["acknowledged"] > 0
    assert enrollments["stored_once"] == enrollments["acknowledged"]
    assert enrollments["missing"] == 0 and enrollments["duplicated"] == 0

    partner = summary["partner"]
    assert partner["answered"] == partner["limit"]
    assert partner["refused"] == partner["sent"] - partner["limit"]
    assert len(partner["by_instance"]) == 3  # the burst met every instance


def test_ctrl_c_stops_every_server_the_demo_started(tmp_path: Path):
    skip_without_servers()
    process = start_demo(tmp_path / "scale", free_port(), "--seconds", "60")
    assert process.stdout is not None
    lines = []
    deadline = time.monotonic() + RUN_TIMEOUT
    for line in process.stdout:  # until the load runs: every server is up
        lines.append(line)
        if line.startswith("Load:") or time.monotonic() > deadline:
            break
    assert any(line.startswith("Load:") for line in lines), "".join(lines)
    started = descendants(process.pid)
    assert len(started) >= 6  # postgres, redis-server, three uvicorns, nginx (and children)

    process.send_signal(signal.SIGINT)  # what Ctrl-C sends
    rest, _ = process.communicate(timeout=RUN_TIMEOUT)
    assert process.returncode == 130, rest
    assert "Every server is stopped." in rest
    assert still_running(started) == set()


def test_without_the_servers_installed_the_demo_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setattr(demo, "find_redis", lambda: None)
    monkeypatch.setattr(demo, "find_nginx", lambda: None)
    assert demo.main(["--seconds", "1"]) == 1
    printed = capsys.readouterr().out
    assert len(printed.strip().splitlines()) == 1
    assert "not installed here: Redis, nginx." in printed
    assert "apt install postgresql redis-server nginx" in printed
    assert "brew install postgresql redis nginx" in printed
