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

from datetime import datetime
from email.utils import format_datetime
from urllib.parse import quote

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


class DeprecationHeaders:
    """Every answer under /api/v1, errors included, carries the three headers.

    A pure ASGI middleware: it adds headers to the answer's first message as it goes by.
    (`@app.middleware("http")` reads the same way but runs the rest of the app in a task of
    its own and copies the answer through a stream: about a millisecond per request, for
    three headers.)"""

    def __init__(self, app: ASGIApp, deprecated_at: datetime, sunset_at: datetime) -> None:
        self.app = app
        self.deprecated_at = deprecated_at
        self.sunset_at = sunset_at

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(OLD):
            await self.app(scope, receive, send)
            return
        headers = deprecation_headers(scope["path"], self.deprecated_at, self.sunset_at)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)
