"""Keep the code shown in the lessons identical to the real files.

A lesson never contains hand-copied code. It holds a marker that names the code, and this
tool writes the code in between from the real file:

    <!-- snippet: monolith/search.py#search_courses -->
    ```python
    (written by this tool: do not edit by hand)
    ```
    <!-- /snippet -->

The path is relative to the repository root. What follows `#` picks the lines:

    (nothing)     the whole file
    name          in a Python file: the top-level function, class or assignment called `name`,
                  with its decorators and the comment lines right above it
                  (`Class.method` reaches one level down);
                  in a Jinja template (.html): the macro called `name`;
                  in a JavaScript module (.js): the top-level function (or class) `name`,
                  with the `//` comment lines right above it, up to its closing `}`, or the
                  top-level `const name = ...;`
    __doc__       the docstring at the top of a Python file
    L10-L25       lines 10 to 25, counting from 1 (for any file; a name is sturdier)

Usage, from the repository root (standard library only, any Python 3.11+):

    python3 lessons/snippets.py           rewrite every snippet in lessons/ from the real files
    python3 lessons/snippets.py --check   change nothing; list each stale snippet, exit 1 if any
"""

import argparse
import ast
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

SNIPPET = re.compile(
    r"^<!-- snippet: (?P<spec>\S+) -->\n(?P<body>.*?)^<!-- /snippet -->$",
    re.MULTILINE | re.DOTALL,
)
OPENING = re.compile(r"^<!-- snippet:", re.MULTILINE)
CLOSING = re.compile(r"^<!-- /snippet -->$", re.MULTILINE)
LINE_RANGE = re.compile(r"L(\d+)-L(\d+)")

LANGUAGES = {
    ".py": "python",
    ".html": "html",
    ".css": "css",
    ".js": "javascript",
    ".json": "json",
    ".toml": "toml",
    ".md": "markdown",
    ".sh": "bash",
}
FILE_LANGUAGES = {"Makefile": "make"}


class SnippetError(Exception):
    """A marker that names a file, definition or line range that does not exist."""


@dataclass(frozen=True)
class Snippet:
    """One marker in a lesson, and the text currently between its two lines."""

    lesson: Path
    line: int  # where the opening marker is, counting from 1
    spec: str  # what the marker names, e.g. "monolith/search.py#search_courses"
    body: str  # the fenced code block as it stands in the lesson
    start: int  # offsets of `body` in the lesson's text
    end: int

    @property
    def marker(self) -> str:
        return f"<!-- snippet: {self.spec} -->"

    @property
    def source_path(self) -> str:
        return self.spec.partition("#")[0]


def lesson_files(root: Path = REPO_ROOT) -> list[Path]:
    """Every Markdown file under lessons/, in order: 00-..., 01-..., README.md."""
    return sorted((root / "lessons").rglob("*.md"))


def find_snippets(lesson: Path) -> list[Snippet]:
    """The snippet markers of one lesson. Raises SnippetError if a marker is not closed."""
    text = lesson.read_text(encoding="utf-8")
    if len(OPENING.findall(text)) != len(CLOSING.findall(text)):
        raise SnippetError(f"{lesson}: every '<!-- snippet: ... -->' needs a '<!-- /snippet -->'")
    found = []
    for match in SNIPPET.finditer(text):
        if OPENING.search(match["body"]):
            raise SnippetError(f"{lesson}: a snippet opened before the previous one was closed")
        found.append(
            Snippet(
                lesson=lesson,
                line=text.count("\n", 0, match.start()) + 1,
                spec=match["spec"],
                body=match["body"],
                start=match.start("body"),
                end=match.end("body"),
            )
        )
    return found


def source_code(spec: str, root: Path = REPO_ROOT) -> str:
    """The exact lines that `spec` names, ending with a newline."""
    path_text, _, selector = spec.partition("#")
    path = (root / path_text).resolve()
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        raise SnippetError(f"{spec}: there is no file {path_text} in the repository")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)

    if not selector:
        return text if text.endswith("\n") else text + "\n"
    if match := LINE_RANGE.fullmatch(selector):
        first, last = int(match[1]), int(match[2])
        if not 1 <= first <= last <= len(lines):
            raise SnippetError(f"{spec}: {path_text} has {len(lines)} lines")
    elif path.suffix == ".py":
        first, last = _python_lines(text, selector, spec)
    elif path.suffix == ".html":
        first, last = _macro_lines(lines, selector, spec)
    elif path.suffix == ".js":
        first, last = _javascript_lines(lines, selector, spec)
    else:
        raise SnippetError(f"{spec}: name a line range (#L10-L25) in a {path.suffix} file")
    return textwrap.dedent("".join(lines[first - 1 : last]))


def _python_lines(text: str, selector: str, spec: str) -> tuple[int, int]:
    """First and last line of the docstring or the named definition, counting from 1."""
    tree = ast.parse(text)
    if selector == "__doc__":
        docstring = ast.get_docstring(tree, clean=False)
        if docstring is None:
            raise SnippetError(f"{spec}: the file has no docstring")
        node: ast.stmt = tree.body[0]
        return node.lineno, node.end_lineno or node.lineno

    body = tree.body
    for name in selector.split("."):
        found = next((node for node in body if _defines(node, name)), None)
        if found is None:
            raise SnippetError(f"{spec}: no definition called {selector}")
        node, body = found, getattr(found, "body", [])
    decorators = getattr(node, "decorator_list", [])
    first = min([node.lineno, *(decorator.lineno for decorator in decorators)])
    source_lines = text.splitlines()
    while first > 1 and source_lines[first - 2].strip().startswith("#"):
        first -= 1  # a comment right above a definition belongs to it
    return first, node.end_lineno or node.lineno


def _defines(node: ast.stmt, name: str) -> bool:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return node.name == name
    if isinstance(node, ast.Assign):
        return any(isinstance(target, ast.Name) and target.id == name for target in node.targets)
    if isinstance(node, ast.AnnAssign):
        return isinstance(node.target, ast.Name) and node.target.id == name
    return False


def _macro_lines(lines: list[str], name: str, spec: str) -> tuple[int, int]:
    """First and last line of `{% macro name(...) %} ... {% endmacro %}` in a template."""
    opening = re.compile(r"\{%-?\s*macro\s+" + re.escape(name) + r"\s*\(")
    closing = re.compile(r"\{%-?\s*endmacro\b")
    for number, line in enumerate(lines, start=1):
        if opening.search(line):
            for end, later in enumerate(lines[number - 1 :], start=number):
                if closing.search(later):
                    return number, end
    raise SnippetError(f"{spec}: no macro called {name}")


def _javascript_lines(lines: list[str], name: str, spec: str) -> tuple[int, int]:
    """A top-level `function name(...)` or `class name` of a module, to its closing brace, or a
    top-level `const name = ...;`, to the line that ends it with `;`.

    Top-level means it starts at column 0 (optionally `export`/`async`), and so does the `}`
    that ends it: the layout every module in decoupled/frontend/js follows.
    """
    opening = re.compile(
        r"(export\s+)?(default\s+)?(async\s+)?(function\*?\s+|class\s+|const\s+)"
        + re.escape(name)
        + r"\b"
    )
    for number, line in enumerate(lines, start=1):
        if opening.match(line):
            first = number
            while first > 1 and lines[first - 2].startswith("//"):
                first -= 1  # a comment right above a definition belongs to it
            constant = re.match(r"(export\s+)?const\s", line) is not None
            for end, later in enumerate(lines[number - 1 :], start=number):
                if (constant and later.rstrip().endswith(";")) or later.rstrip() == "}":
                    return first, end
    raise SnippetError(f"{spec}: no top-level function or class called {name}")


def language_of(spec: str) -> str:
    path = Path(spec.partition("#")[0])
    return FILE_LANGUAGES.get(path.name) or LANGUAGES.get(path.suffix, "text")


def fenced(code: str, language: str) -> str:
    """`code` as a Markdown fenced block, with a fence longer than any run of backticks in it."""
    fence = "```"
    while fence in code:
        fence += "`"
    return f"{fence}{language}\n{code}{fence}\n"


def expected_body(spec: str, root: Path = REPO_ROOT) -> str:
    """What belongs between a marker's two lines: the named code, fenced."""
    return fenced(source_code(spec, root), language_of(spec))


def relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def run(check: bool, root: Path = REPO_ROOT) -> int:
    """Check (or rewrite) every lesson's snippets, print what happened, return the exit code."""
    problems: list[str] = []
    total = stale = 0
    for lesson in lesson_files(root):
        name = relative(lesson, root)
        try:
            snippets = find_snippets(lesson)
        except SnippetError as error:
            problems.append(str(error))
            continue
        text = lesson.read_text(encoding="utf-8")
        pieces, position = [], 0
        for snippet in snippets:
            total += 1
            try:
                body = expected_body(snippet.spec, root)
            except SnippetError as error:
                problems.append(f"{name}:{snippet.line}: {snippet.marker}: {error}")
                continue
            if body != snippet.body:
                stale += 1
                if check:
                    problems.append(
                        f"{name}:{snippet.line}: {snippet.marker} is stale: "
                        f"it differs from {snippet.source_path}"
                    )
                pieces += [text[position : snippet.start], body]
                position = snippet.end
        if not check and position:
            pieces.append(text[position:])
            lesson.write_text("".join(pieces), encoding="utf-8", newline="\n")
            print(f"rewrote {name}")

    for problem in problems:
        print(problem, file=sys.stderr)
    if check and stale:
        print("Run `python3 lessons/snippets.py` to rewrite them.", file=sys.stderr)
    if not problems:
        state = "all up to date" if check or not stale else f"{stale} rewritten"
        print(f"{total} snippets in lessons/, {state}.")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if any snippet is stale"
    )
    arguments = parser.parse_args(argv)
    return run(check=arguments.check)


if __name__ == "__main__":
    sys.exit(main())
