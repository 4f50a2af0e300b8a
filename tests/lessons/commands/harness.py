"""Every live kind of command, run once by the tests until a lesson runs one like it, so that a
lesson writer can count on each kind that kinds.py lists."""

import re

from tests.lessons.commands.kinds import LIVE_LESSON_COMMANDS
from tests.lessons.commands.parse import Block, Command, console_commands


def harness(*lines: str) -> list[Command]:
    """Commands written as in a console block, for checking each live kind works at all."""
    return console_commands(Block("(harness)", 0, "console", lines, generated=False))


# Each live kind of command must work before a lesson counts on it. So each is run here,
# unless a lesson already runs one like it: (what the lessons' commands would match, commands).
HARNESS = {
    "curl the ML service, pretty JSON": (
        r"curl .*127\.0\.0\.1:8001",
        harness(
            "$ curl -s -X POST http://127.0.0.1:8001/v1/recommendations"
            " -H 'Content-Type: application/json'"
            """ -d '{"interests": "I want to build AI agents", "k": 2}' | python3 -m json.tool""",
            "{",
            '    "model": "content",',
            '    "items": [',
            "...",
            '            "score": <number>',
        ),
    ),
    "make train": (
        r"make train\b",
        harness(
            "$ make train",
            ".venv/bin/python -m decoupled.ml.train",
            "Trained content -> var/models/content (precision@5 <number>, nDCG@5 <number>)",
        ),
    ),
    "make evaluate": (
        r"make evaluate\b",
        harness(
            "$ make evaluate",
            ".venv/bin/python -m decoupled.ml.evaluate",
            "...",
            "content <number> <number>",
        ),
    ),
    "make client": (
        r"make client\b",
        harness(
            """$ make client ARGS='search "ai agents" --level beginner'""",
            """.venv/bin/python -m decoupled.client search "ai agents" --level beginner""",
            "...",
            "page 1 of 1, <number> courses",
        ),
    ),
    "make partner-key, export, curl with the key": (
        r"export ",
        harness(
            "$ make partner-key NAME=harness",
            '.venv/bin/python -m decoupled.backend.cli create-partner-key "harness"',
            "API key for harness (shown once; only its hash is stored):",
            "<partner-key>",
            "$ export PARTNER_API_KEY=<partner-key>",
            '$ curl -s -i -H "X-API-Key: $PARTNER_API_KEY" http://127.0.0.1:8000/api/v1/partner/stats'
            " | grep -i '^ratelimit-remaining'",
            "ratelimit-remaining: 59",
        ),
    ),
    "make monolith-partner-key": (
        r"make monolith-partner-key\b",
        harness(
            "$ make monolith-partner-key NAME=harness-monolith",
            '.venv/bin/flask --app monolith create-partner-key "harness-monolith"',
            "API key for harness-monolith (shown once; only its hash is stored):",
            "<partner-key>",
        ),
    ),
    "a placeholder in front of make, make partner-api": (
        r"(\S+=\S+ )*make partner-api\b",
        harness(
            "$ make partner-key NAME=harness-feed",
            "<partner-key>",
            "$ PARTNER_API_KEY=<partner-key> make partner-api",
            ".venv/bin/python -m partners.api_feed",
            "Read <number> courses from the partner feed of http://127.0.0.1:8000"
            " into var/partner-api.csv",
        ),
    ),
    "make partner-scrape": (
        r"make partner-scrape\b",
        harness(
            "$ make partner-scrape",
            ".venv/bin/python -m partners.scrape_monolith",
            "Scraped <number> courses from <number> pages of http://127.0.0.1:5050"
            " into var/partner-scrape.csv",
        ),
    ),
    "a second copy of a server, and back": (
        r"\S+=\S+ make (monolith|api|ml)\b",
        harness(
            "$ MONOLITH_REDESIGN=1 make monolith",
            ".venv/bin/python -m monolith",
            "INFO:waitress:Serving on http://127.0.0.1:5050",
            "$ curl -s 'http://127.0.0.1:5050/?q=ai+agents' | grep -c 'class=\"tile\"'",
            "12",
            "$ make monolith",
            ".venv/bin/python -m monolith",
            "$ curl -s 'http://127.0.0.1:5050/?q=ai+agents' | grep -c 'class=\"tile\"'",
            "0",
        ),
    ),
}
HARNESS_TO_RUN = {
    name: commands
    for name, (pattern, commands) in HARNESS.items()
    if not any(re.match(pattern, command.text) for command in LIVE_LESSON_COMMANDS)
}
