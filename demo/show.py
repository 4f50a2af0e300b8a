"""How the demo draws things, with rich: a step's heading, an HTTP exchange, a command's run.

What this teaches: an HTTP exchange is small enough to read whole. Each panel shows what a
class needs to follow one: the method and address, the status, the size of the body, its
content type, the headers the step is about, and the first lines of the body (JSON laid out,
one value per line), or only the lines that matter, as the lessons' `curl | grep` do.
"""

import json
import re
from collections.abc import Mapping, Sequence
from typing import Protocol

import requests
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

BODY_LINES = 12  # a panel shows at most this many lines of a body


def heading(console: Console, number: int, total: int, lesson: str, title: str) -> None:
    console.print()
    console.print(Rule(f"[bold]Step {number}/{total} · lesson {lesson} · {title}", align="left"))


def narration(console: Console, text: str) -> None:
    console.print(Panel(Text(text), border_style="cyan", title="what happens", title_align="left"))


def note(console: Console, text: str) -> None:
    console.print(Text(f"  → {text}", style="bold"), soft_wrap=True)


def masked(text: str, secrets: Sequence[str]) -> str:
    """`text` with each secret cut to its first characters: keys do not belong on a screen."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, f"{secret[:6]}…")
    return text


def exchange(
    console: Console,
    response: requests.Response,
    *,
    pick: str | None = None,
    headers: Sequence[str] = (),
    secrets: Sequence[str] = (),
    limit: int = BODY_LINES,
) -> None:
    """One request and its answer. `pick`: show only the body's lines matching this regex;
    `limit`: at most this many lines of the body."""
    request = response.request
    parts: list[RenderableType] = [Text(f"{request.method} {request.url}", style="bold")]
    for name in ("X-API-Key", "Origin", "Access-Control-Request-Method", "Content-Type"):
        if name in request.headers:
            parts.append(Text(f"  {name}: {masked(request.headers[name], secrets)}"))
    if request.body:
        body = request.body.decode() if isinstance(request.body, bytes) else str(request.body)
        parts.append(Text(f"  {body}", style="dim"))
    ctype = response.headers.get("content-type", "(none)")
    size = len(response.content)
    status = f"{response.status_code} {response.reason}"
    style = "green" if response.ok else "yellow"
    parts.append(Text(f"← {status} · {size:,} bytes · {ctype}", style=f"bold {style}"))
    for name in headers:
        value = response.headers.get(name)
        parts.append(Text(f"  {name}: {value if value is not None else '(absent)'}"))
    if response.content:
        parts.append(body_excerpt(response.text, ctype, pick, limit))
    console.print(Panel(Group(*parts), border_style=style, title="HTTP", title_align="left"))


def refused(console: Console, method: str, url: str, why: str) -> None:
    """A request that got no answer at all."""
    parts = [Text(f"{method} {url}", style="bold"), Text(f"← no answer: {why}", style="red")]
    console.print(Panel(Group(*parts), border_style="red", title="HTTP", title_align="left"))


def body_excerpt(
    text: str, content_type: str, pick: str | None, limit: int = BODY_LINES
) -> RenderableType:
    lexer = "json" if "json" in content_type else "html" if "html" in content_type else "text"
    if lexer == "json":
        try:
            text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
        except ValueError:
            lexer = "text"
    lines = text.splitlines()
    if pick:
        lines = [line.strip() for line in lines if re.search(pick, line)]
    shown = lines[:limit]
    if len(lines) > len(shown):
        shown.append(f"… and {len(lines) - len(shown)} more lines")
    label = f"body, the lines matching {pick!r}:" if pick else "body, the first lines:"
    code = Syntax("\n".join(shown), lexer, word_wrap=True, background_color="default")
    return Group(Text(label, style="dim"), code)


class Finished(Protocol):
    """A command that ran (context.Finished)."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float


def command(console: Console, shown: str, done: Finished, *, secrets: Sequence[str] = ()) -> None:
    """A command as typed, what it printed (errors in red), its exit status and duration."""
    style = "green" if done.returncode == 0 else "yellow"
    parts: list[RenderableType] = [Text(f"$ {masked(shown, secrets)}", style="bold")]
    for stream, text in (("", done.stdout), ("red", done.stderr)):
        lines = masked(text, secrets).rstrip().splitlines()
        if len(lines) > BODY_LINES:
            lines = [*lines[:BODY_LINES], f"… and {len(lines) - BODY_LINES} more lines"]
        parts += [Text(line, style=stream) for line in lines]
    summary = f"exit status {done.returncode} · {done.seconds:.1f} s"
    parts.append(Text(summary, style=f"bold {style}"))
    console.print(Panel(Group(*parts), border_style=style, title="command", title_align="left"))


def table(console: Console, title: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    console.print(Text(title, style="bold"))
    grid = Table()
    for column in columns:
        grid.add_column(column)
    for row in rows:
        grid.add_row(*(str(cell) for cell in row))
    console.print(grid)


def programs(console: Console, running: Mapping[str, tuple[str, str, int]]) -> None:
    """The table of programs: name -> (what it is, its address, its process id)."""
    rows = [(name, what, url, pid) for name, (what, url, pid) in running.items()]
    table(console, "Running, each on its own port:", ("program", "what", "address", "pid"), rows)
