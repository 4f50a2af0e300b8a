"""The command line: `python -m decoupled.client search "ai agents" --level beginner`.

What this teaches: an app on top of the clients. It reads what the user typed (argparse),
makes one call, and shows the answer (`tables.py`). Every failure ends the same way: one
line per problem on stderr, and exit code 1 (argparse itself uses 2 for a mistyped command).
The app knows nothing of HTTP; the exceptions already say what went wrong.

Two services stand behind it: the catalog API (search, course, enroll, categories) and the
ML service (recommend, similar). Each command talks to only the one it needs, so with the
ML service down the catalog commands work as before.

    python -m decoupled.client search "ai agents" --level beginner --sort rating --page 2
    python -m decoupled.client course build-ai-agents-with-python-from-zero-to-your-first-agent
    python -m decoupled.client enroll SLUG --name "Ada Lovelace" --email ada@example.com
    python -m decoupled.client categories
    python -m decoupled.client --api http://127.0.0.1:9000 categories
    python -m decoupled.client recommend "I want to build AI agents" --level beginner -k 5
    python -m decoupled.client similar build-ai-agents-with-python-from-zero-to-your-first-agent
    python -m decoupled.client --ml http://127.0.0.1:9001 similar SLUG
    python -m decoupled.client --api-prefix /api/v2 search ai   # another version: it fails

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
from decoupled.client.client import API_PREFIX, Client
from decoupled.client.errors import ApiError, ApiUnavailable, UnexpectedAnswer
from decoupled.client.ml import MLClient
from decoupled.client.models import Level, Sort

# Wide enough for a whole row of search results when the output goes to a file or a pipe
# (a terminal uses its own width).
WIDTH_WHEN_NOT_A_TERMINAL = 200


def default_api_url() -> str:
    """$API_URL, else the address `make api` serves on (its port is $API_PORT, 8000)."""
    return os.environ.get("API_URL") or f"http://127.0.0.1:{os.environ.get('API_PORT', '8000')}"


def default_ml_url() -> str:
    """$ML_URL, else the address `make ml` serves on (its port is $ML_PORT, 8001)."""
    return os.environ.get("ML_URL") or f"http://127.0.0.1:{os.environ.get('ML_PORT', '8001')}"


# The commands the ML service answers; all the others go to the catalog API.
ML_COMMANDS = frozenset({"recommend", "similar"})


def build_parser() -> argparse.ArgumentParser:
    # --api, --ml and --timeout work before or after the command (`search ai --api URL`).
    # SUPPRESS: when absent they set nothing, so the command's copy cannot erase the one given
    # before.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--api", metavar="URL", help="the catalog API's address")
    common.add_argument("--ml", metavar="URL", help="the ML service's address")
    common.add_argument("--timeout", type=float, metavar="SECONDS", help="per request (5)")
    common.add_argument(
        "--api-prefix",
        metavar="PATH",
        help=f"the API's version prefix ({API_PREFIX}, the one this client is written for)",
    )

    parser = argparse.ArgumentParser(
        prog="python -m decoupled.client",
        description="Use the CourseHub catalog API and ML service from the command line.",
        parents=[common],
        epilog="The API's address: --api, else $API_URL, else http://127.0.0.1:$API_PORT "
        "(8000 unless set). The ML service's: --ml, else $ML_URL, else "
        "http://127.0.0.1:$ML_PORT (8001 unless set).",
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

    enroll = commands.add_parser("enroll", parents=[common], help="enroll in a course")
    enroll.add_argument("slug")
    enroll.add_argument("--name", required=True)
    enroll.add_argument("--email", required=True)

    commands.add_parser("categories", parents=[common], help="list the categories")

    recommend = commands.add_parser(
        "recommend", parents=[common], help="courses for your interests (the ML service)"
    )
    recommend.add_argument("interests", help='in your own words, e.g. "I want to build AI agents"')
    recommend.add_argument("--level", choices=get_args(Level), help="only courses at this level")
    recommend.add_argument("-k", type=int, default=5, metavar="N", help="how many, 1 to 20 (5)")

    similar = commands.add_parser(
        "similar", parents=[common], help="courses like this one (the ML service)"
    )
    similar.add_argument("slug")
    similar.add_argument("-k", type=int, default=5, metavar="N", help="how many, 1 to 20 (5)")
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
    if args.command == "enroll":
        return tables.enrollment_done(api.enroll(args.slug, args.name, args.email))
    return tables.categories_table(api.categories())


def run_ml(ml: MLClient, args: argparse.Namespace) -> RenderableType:
    """Make the one call to the ML service that the command asks for; what to print."""
    if args.command == "recommend":
        found = ml.recommend(args.interests, level=args.level, k=args.k)
        return tables.recommendations_table(found, empty="No courses fit these interests.")
    found = ml.similar(args.slug, k=args.k)
    return tables.recommendations_table(found, empty="No similar courses.")


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

    timeout = getattr(args, "timeout", 5.0)
    try:
        if args.command in ML_COMMANDS:
            with MLClient(getattr(args, "ml", None) or default_ml_url(), timeout=timeout) as ml:
                shown = run_ml(ml, args)
        else:
            url = getattr(args, "api", None) or default_api_url()
            prefix = getattr(args, "api_prefix", None)
            with Client(url, timeout=timeout, prefix=prefix) as api:
                shown = run(api, args)
    except (ApiError, ApiUnavailable, UnexpectedAnswer) as error:
        lines = error_lines(error)
        if isinstance(error, UnexpectedAnswer):
            lines.append(
                f"This client is written for {API_PREFIX}; the server answered in another "
                "version of the contract. Use it on the version it was written for."
            )
        for line in lines:
            err.print(Text(f"error: {line}", style="red"), soft_wrap=True)
        return 1
    out.print(shown)
    return 0
