"""The command line: `python -m decoupled.client search "ai agents" --level beginner`.

What this teaches: an app on top of the client. It reads what the user typed (argparse),
makes one call, and shows the answer (`tables.py`). Every failure ends the same way: one
line per problem on stderr, and exit code 1 (argparse itself uses 2 for a mistyped command).
The app knows nothing of HTTP; the exceptions already say what went wrong.

    python -m decoupled.client search "ai agents" --level beginner --sort rating --page 2
    python -m decoupled.client course build-ai-agents-with-python-from-zero-to-your-first-agent
    python -m decoupled.client enrol SLUG --name "Ada Lovelace" --email ada@example.com
    python -m decoupled.client categories
    python -m decoupled.client --api http://127.0.0.1:8001 categories

`make client ARGS='search "ai agents"'` runs the same.
"""

import argparse
import os
import sys
from collections.abc import Sequence
from typing import get_args

from rich.console import Console, RenderableType
from rich.text import Text

from decoupled.client import tables
from decoupled.client.client import Client
from decoupled.client.errors import ApiError, ApiUnavailable
from decoupled.client.models import Level, Sort

# Wide enough for a whole row of search results when the output goes to a file or a pipe
# (a terminal uses its own width).
WIDTH_WHEN_NOT_A_TERMINAL = 200


def default_api_url() -> str:
    """$API_URL, else the address `make api` serves on (its port is $API_PORT, 8000)."""
    return os.environ.get("API_URL") or f"http://127.0.0.1:{os.environ.get('API_PORT', '8000')}"


def build_parser() -> argparse.ArgumentParser:
    # --api and --timeout work before or after the command (`search ai --api URL`). SUPPRESS:
    # when absent they set nothing, so the command's copy cannot erase the one given before.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--api", metavar="URL", help="the catalog API's address")
    common.add_argument("--timeout", type=float, metavar="SECONDS", help="per request (5)")

    parser = argparse.ArgumentParser(
        prog="python -m decoupled.client",
        description="Use the CourseHub catalog API from the command line.",
        parents=[common],
        epilog="The API's address: --api, else $API_URL, else http://127.0.0.1:$API_PORT "
        "(8000 unless set).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    search = commands.add_parser("search", parents=[common], help="search the catalog")
    search.add_argument("q", nargs="?", default="", help='words to find, e.g. "ai agents"')
    search.add_argument("--category", help="a category slug (see the categories command)")
    search.add_argument("--level", choices=get_args(Level))
    search.add_argument("--max-price", type=float, metavar="DOLLARS")
    search.add_argument("--min-rating", type=float, metavar="0-5")
    search.add_argument("--sort", choices=get_args(Sort), default="relevance")
    search.add_argument("--page", type=int, default=1)
    search.add_argument("--per-page", type=int, default=12)

    course = commands.add_parser("course", parents=[common], help="show one course")
    course.add_argument("slug")

    enrol = commands.add_parser("enrol", parents=[common], help="enrol in a course")
    enrol.add_argument("slug")
    enrol.add_argument("--name", required=True)
    enrol.add_argument("--email", required=True)

    commands.add_parser("categories", parents=[common], help="list the categories")
    return parser


def run(api: Client, args: argparse.Namespace) -> RenderableType:
    """Make the one call the command asks for; what to print."""
    if args.command == "search":
        page = api.search(
            args.q,
            category=args.category,
            level=args.level,
            max_price=args.max_price,
            min_rating=args.min_rating,
            sort=args.sort,
            page=args.page,
            per_page=args.per_page,
        )
        return tables.search_results(page)
    if args.command == "course":
        return tables.course_details(api.course(args.slug))
    if args.command == "enrol":
        return tables.enrolment_done(api.enrol(args.slug, args.name, args.email))
    return tables.categories_table(api.categories())


def error_lines(error: Exception) -> list[str]:
    """One line per problem: each bad field on its own line, else what the API said."""
    if isinstance(error, ApiError) and error.field_errors:
        return [f"{field}: {message}" for field, message in error.field_errors.items()]
    if isinstance(error, ApiError):
        return [f"{error.detail} ({error.status} {error.title})"]
    return [str(error)]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    width = None if sys.stdout.isatty() or "COLUMNS" in os.environ else WIDTH_WHEN_NOT_A_TERMINAL
    out = Console(width=width)
    err = Console(stderr=True, width=width, highlight=False)

    api_url = getattr(args, "api", None) or default_api_url()
    with Client(api_url, timeout=getattr(args, "timeout", 5.0)) as api:
        try:
            out.print(run(api, args))
        except (ApiError, ApiUnavailable) as error:
            for line in error_lines(error):
                err.print(Text(f"error: {line}", style="red"), soft_wrap=True)
            return 1
    return 0
