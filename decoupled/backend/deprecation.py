"""Telling programs that /api/v1 is going away: the Deprecation, Sunset and Link headers.

What this teaches: a breaking change gets a new version (`/api/v2`), and the old version keeps
answering, unchanged, for long enough that every client can move. Until then each answer
under `/api/v1` says so in standard headers that a program can read and a partner's
monitoring can alert on, long before anything breaks:

    Deprecation: @1796083200                    (RFC 9745: deprecated since this Unix time)
    Sunset: Wed, 30 Jun 2027 00:00:00 GMT       (RFC 8594: it stops answering after this)
    Link: </api/v2/courses>; rel="successor-version", </docs>; rel="deprecation"

People read the same news in the changelog and in the email sent to each partner's contact.
"""

from collections.abc import Awaitable, Callable
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import quote

from fastapi import FastAPI, Request, Response

OLD, NEW = "/api/v1/", "/api/v2/"


def deprecation_headers(path: str, deprecated_at: datetime, sunset_at: datetime) -> dict[str, str]:
    """The headers for an answer to `path`, a path under /api/v1/."""
    # Percent-encoded: a header is ASCII, and a slug in the path may not be.
    successor = quote(NEW + path.removeprefix(OLD), safe="/")
    return {
        "Deprecation": f"@{int(deprecated_at.timestamp())}",
        "Sunset": format_datetime(sunset_at, usegmt=True),
        "Link": f'<{successor}>; rel="successor-version", </docs>; rel="deprecation"',
    }


def add_deprecation_headers(app: FastAPI, deprecated_at: datetime, sunset_at: datetime) -> None:
    """Every answer under /api/v1, errors included, carries the three headers."""

    @app.middleware("http")
    async def deprecate_v1(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if request.url.path.startswith(OLD):
            response.headers.update(deprecation_headers(request.url.path, deprecated_at, sunset_at))
        return response
