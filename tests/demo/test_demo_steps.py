"""Choosing the demo's steps by lesson, the programs they need, and the ports, without
starting any server."""

import re
import socket
from pathlib import Path

import pytest

from demo.__main__ import main
from demo.ports import PORTS, PortProblem, check_free, read_ports
from demo.steps import lesson_number, needed_programs, select
from demo.story import STORY


def test_the_story_follows_the_lessons_in_order() -> None:
    lessons = [step.lesson for step in STORY]
    assert lessons == sorted(lessons)
    # Every lesson has a step, lesson 00 (setting up) aside.
    pages = Path(__file__).resolve().parents[2].glob("lessons/[0-9][0-9]-*.md")
    assert set(lessons) == {page.name[:2] for page in pages} - {"00"}
    titles = [step.title for step in STORY]
    assert len(set(titles)) == len(titles), "two steps share a title"


def test_every_step_is_narrated_and_needs_only_known_programs() -> None:
    for step in STORY:
        assert step.narration, step.title
        assert step.needs and step.needs <= set(PORTS), step.title
        # Each <program> in the narration is replaced by a running program's address.
        named = set(re.findall(r"<([a-z-]+)>", step.narration))
        assert named <= step.needs, f"{step.title}: narrates {named - step.needs}"


@pytest.mark.parametrize("asked", ["05", "5", "lesson 05"])
def test_one_lesson(asked: str) -> None:
    chosen = select(STORY, asked)
    assert chosen == [step for step in STORY if step.lesson == "05"]
    assert [step.title for step in chosen][:2] == [
        "The browser frontend: static files, then JSON",
        "The Python client: the same API, another app",
    ]
    assert "monolith" not in needed_programs(chosen)


def test_no_lesson_means_every_step() -> None:
    assert select(STORY, None) == STORY
    assert needed_programs(STORY) == set(PORTS)


@pytest.mark.parametrize("asked", ["11", "00"])
def test_a_lesson_without_steps_is_refused_with_the_list(asked: str) -> None:
    with pytest.raises(ValueError, match=r"has lessons 01, 02, 03, 04, 05, 06, 07, 08, 09, 10\.$"):
        select(STORY, asked)


def test_a_lesson_must_be_a_number() -> None:
    with pytest.raises(ValueError, match="not a lesson number"):
        lesson_number("five")


def test_ports_default_to_the_usual_ones_and_follow_the_variables() -> None:
    ports = read_ports(PORTS, {"API_PORT": "8080", "DEMO_SLOW_API_PORT": "9003"})
    assert ports["monolith"] == 5050 and ports["ml"] == 8001 and ports["frontend"] == 3000
    assert ports["api"] == 8080 and ports["slow-api"] == 9003


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"API_PORT": "eighty"}, "API_PORT='eighty' is not a port"),
        ({"API_PORT": "70000"}, "is not a port"),
        ({"DEMO_REDESIGN_PORT": "5050"}, "MONOLITH_PORT and DEMO_REDESIGN_PORT are both 5050"),
    ],
)
def test_bad_ports_are_refused(environ: dict[str, str], message: str) -> None:
    with pytest.raises(PortProblem, match=message):
        read_ports(PORTS, environ)


def test_a_busy_port_is_named_in_one_line() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with pytest.raises(PortProblem) as problem:
            check_free({"api": port})
    message = str(problem.value)
    assert "\n" not in message
    assert f"Port {port} (API_PORT" in message and "make doctor" in message


def test_main_stops_before_starting_anything_when_a_port_is_busy(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        monkeypatch.setenv("API_PORT", str(port))
        assert main(["--lesson", "04", "--no-pause"]) == 2
    assert f"Port {port} (API_PORT" in capsys.readouterr().out


def test_main_refuses_an_unknown_lesson(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lesson", "42", "--no-pause"]) == 2
    assert "no step for lesson 42" in capsys.readouterr().out
