"""Headers for the programs between the API and its clients: browsers, caches, proxies.

What this teaches: an answer is read by more than the client that asked. Three headers tell
the others what they may do with it:

* `X-Content-Type-Options: nosniff`, on every answer: a browser must take the Content-Type
  as sent (JSON is JSON) and never guess from the bytes that it is a script or a page.
* `Cache-Control: no-store`, on an answer holding personal data (the enrollment's 201 shows
  the email it was sent): no browser or proxy cache may keep a copy. Set by that route.
* `WWW-Authenticate`, on a 401: which credential was missing (RFC 9110 requires it). Here
  `ApiKey header="X-API-Key"`: the partner key, in that header. Set by `security.py`.

The first is added here, by a pure ASGI middleware, to every answer the app sends. A crash's
500 is sent from outside every middleware, so `problems.problem_response` adds it too.
"""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NOSNIFF = {"X-Content-Type-Options": "nosniff"}
NO_STORE = {"Cache-Control": "no-store"}
API_KEY_CHALLENGE = {"WWW-Authenticate": 'ApiKey header="X-API-Key"'}


class NoSniff:
    """Add `X-Content-Type-Options: nosniff` to every answer that does not have it yet."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_nosniff(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in NOSNIFF.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_nosniff)
