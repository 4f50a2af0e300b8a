"""The code shown in the lessons is the real code: every snippet matches the file it names.

A lesson marks code with `<!-- snippet: path#name -->` ... `<!-- /snippet -->` and
`lessons/snippets.py` writes the code in between. These tests fail as soon as a source file
changes and the lesson still shows the old code, naming the lesson and the marker. The fix is
always the same: `python3 lessons/snippets.py`, then read the lesson's prose around it again.

The second half checks the tool itself on small files made for the test.
"""

import contextlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.commands import run
from tests.support.environment import clean_environment

REPO_ROOT = Path(__file__).resolve().parents[2]


def _load_snippets_tool() -> ModuleType:
    """lessons/ is not a package, so load lessons/snippets.py straight from its path."""
    spec = importlib.util.spec_from_file_location(
        "lesson_snippets", REPO_ROOT / "lessons" / "snippets.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


snippets = _load_snippets_tool()

LESSONS = snippets.lesson_files()


def _all_snippets() -> list[snippets.Snippet]:
    found: list[snippets.Snippet] = []
    for lesson in LESSONS:
        # A lesson with an unclosed marker is named by test_every_snippet_marker_is_closed.
        with contextlib.suppress(snippets.SnippetError):
            found += snippets.find_snippets(lesson)
    return found


ALL_SNIPPETS = _all_snippets()


def _name(snippet: object) -> str:
    assert isinstance(snippet, snippets.Snippet)
    return f"{snippet.lesson.name}:{snippet.line}:{snippet.spec}"


def test_the_lessons_show_real_code() -> None:
    assert ALL_SNIPPETS, "no snippet markers found in lessons/*.md"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.name)
def test_every_snippet_marker_is_closed(lesson: Path) -> None:
    try:
        snippets.find_snippets(lesson)
    except snippets.SnippetError as error:
        pytest.fail(str(error))


@pytest.mark.parametrize("snippet", ALL_SNIPPETS, ids=_name)
def test_snippet_names_a_file_and_definition_that_exist(snippet: snippets.Snippet) -> None:
    try:
        snippets.source_code(snippet.spec)
    except snippets.SnippetError as error:
        pytest.fail(f"lessons/{snippet.lesson.name} line {snippet.line}: {error}")


@pytest.mark.parametrize("snippet", ALL_SNIPPETS, ids=_name)
def test_snippet_is_identical_to_its_source(snippet: snippets.Snippet) -> None:
    try:
        expected = snippets.expected_body(snippet.spec)
    except snippets.SnippetError as error:
        pytest.fail(f"lessons/{snippet.lesson.name} line {snippet.line}: {error}")
    assert snippet.body == expected, (
        f"lessons/{snippet.lesson.name} line {snippet.line}: {snippet.marker} is stale, "
        f"{snippet.source_path} has changed. Run `python3 lessons/snippets.py` and reread "
        "the prose around it."
    )


def test_snippets_check_command_passes_on_the_repository() -> None:
    """`python3 lessons/snippets.py --check` is what CI and `make` run: it must say all is well."""
    check = [sys.executable, "lessons/snippets.py", "--check"]
    result = run(check, clean_environment(), timeout=60)
    assert result.returncode == 0, result.stderr
    assert "all up to date" in result.stdout


# --- the tool itself, on a tiny repository made for each test ---------------------------------

SOURCE = '''"""A module docstring."""

import functools


# Say hello.
@functools.cache
def greet(name: str) -> str:
    return f"Hello, {name}!"


class Shop:
    def open(self) -> bool:
        return True


PRICES = {"tea": 2}
'''

TEMPLATE = """{% macro card(course) -%}
  <article>{{ course.title }}</article>
{%- endmacro %}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "lessons").mkdir()
    (tmp_path / "shop.py").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "card.html").write_text(TEMPLATE, encoding="utf-8")
    return tmp_path


def lesson_with(spec: str, body: str) -> str:
    return f"Intro.\n\n<!-- snippet: {spec} -->\n{body}<!-- /snippet -->\n\nOutro.\n"


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (
            "shop.py#greet",
            "# Say hello.\n@functools.cache\n"
            'def greet(name: str) -> str:\n    return f"Hello, {name}!"\n',
        ),
        ("shop.py#Shop.open", "def open(self) -> bool:\n    return True\n"),
        ("shop.py#PRICES", 'PRICES = {"tea": 2}\n'),
        ("shop.py#__doc__", '"""A module docstring."""\n'),
        ("shop.py#L3-L3", "import functools\n"),
        ("shop.py", SOURCE),
        ("card.html#card", TEMPLATE),
    ],
)
def test_a_marker_picks_exactly_the_lines_it_names(repo: Path, spec: str, expected: str) -> None:
    assert snippets.source_code(spec, repo) == expected


@pytest.mark.parametrize(
    "spec", ["shop.py#nope", "nope.py", "shop.py#L3-L99", "../x.py", "card.html#nope"]
)
def test_a_marker_that_names_nothing_is_an_error(repo: Path, spec: str) -> None:
    with pytest.raises(snippets.SnippetError):
        snippets.source_code(spec, repo)


def test_check_lists_the_stale_snippet_and_exits_1(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson = repo / "lessons" / "01-shop.md"
    lesson.write_text(
        lesson_with("shop.py#PRICES", "```python\nPRICES = {}\n```\n"), encoding="utf-8"
    )

    assert snippets.run(check=True, root=repo) == 1

    error = capsys.readouterr().err
    assert "lessons/01-shop.md:3: <!-- snippet: shop.py#PRICES --> is stale" in error
    assert "differs from shop.py" in error
    assert "PRICES = {}" in lesson.read_text(encoding="utf-8"), "--check must change nothing"


def test_write_mode_rewrites_the_code_and_leaves_the_prose_alone(repo: Path) -> None:
    lesson = repo / "lessons" / "01-shop.md"
    lesson.write_text(lesson_with("shop.py#PRICES", "```python\nold\n```\n"), encoding="utf-8")

    assert snippets.run(check=False, root=repo) == 0

    assert lesson.read_text(encoding="utf-8") == lesson_with(
        "shop.py#PRICES", '```python\nPRICES = {"tea": 2}\n```\n'
    )
    assert snippets.run(check=True, root=repo) == 0


def test_an_unclosed_marker_is_reported(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "lessons" / "01-shop.md").write_text(
        "<!-- snippet: shop.py -->\n```\n```\n", encoding="utf-8"
    )

    assert snippets.run(check=True, root=repo) == 1
    assert "needs a '<!-- /snippet -->'" in capsys.readouterr().err
