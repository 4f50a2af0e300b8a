"""How large one request to the ML service may be: its body, address and headers.

What this teaches: a model behind an API is still an API, and every part of a request that a
client can make large is a way to make the server hold memory or do work. The request itself
is small: `{"interests": ..., "level": ..., "k": ...}`, where `interests` is at most 500
characters and `k` at most 20 (schemas.py: a 422 beyond, like any bad value). But those rules
run on a body already read and decoded; without a limit, a 300 MB body is read whole into
memory, and decoded, before the 422 says it was never a request for recommendations. So this
middleware refuses, before anything is read:

* a body over `MAX_BODY_BYTES`: a `413 Content Too Large` problem. When the client says its
  size up front (`Content-Length`), the answer comes before a byte of it is read; a body sent
  in chunks, size unknown, is counted as it arrives and refused at the first byte too many.
  The longest honest body is 500 emoji, each written as a JSON escape (`\\ud83d\\ude00`, 12
  bytes): about 6 KB, well under 16 KB. The 413 says `Connection: close`, so uvicorn hangs
  up rather than read and throw away the rest of a body that may be 300 MB long;
* an address (path and query string) over `MAX_URL_BYTES`: a `414 URI Too Long` problem. The
  longest honest one is a course's "similar" path, whose slug is under 100 characters, and
  `?k=20`; without a limit, a 200 KB slug would come back in the 404's `detail`;
* headers over `MAX_HEADER_BYTES` in all: a `431 Request Header Fields Too Large` problem.
  uvicorn's parser (h11) takes whole any headers that arrive in one read of the socket, up to
  about 256 KB, and answers more with a plain-text 400 the app never sees.

FastAPI has its own body limit, `FastAPI(max_body_size=...)`, which counts the same way. It is
not used because its answer to a too-large `Content-Length` is plain text, sent from outside
the app where no exception handler can make it a problem, and a client written against this
service's one error shape could not read it. The catalog API has its own copy of this module:
the two services share no code.

A "pure ASGI" middleware, not `@app.middleware("http")`: it sees the request before any of it
is read and can watch the body go by, chunk by chunk, which the higher-level kind cannot.
"""

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from decoupled.ml.problems import problem_response

MAX_BODY_BYTES = 16 * 1024
MAX_URL_BYTES = 1024
MAX_HEADER_BYTES = 8 * 1024
BODY_TOO_LARGE = f"The request body is too large: at most {MAX_BODY_BYTES // 1024} KB."
URL_TOO_LONG = f"The address is too long: at most {MAX_URL_BYTES // 1024} KB of path and query."
HEADERS_TOO_LARGE = f"The request headers are too large: at most {MAX_HEADER_BYTES // 1024} KB."
# After a 413 the rest of the body may still be on its way: hang up instead of reading it.
HANG_UP = {"Connection": "close"}


class BodyTooLarge(HTTPException):
    """Raised while the body is read; the app's handlers answer it as a 413 problem."""

    def __init__(self) -> None:
        super().__init__(413, BODY_TOO_LARGE, headers=HANG_UP)


class RequestLimits:
    """Refuse a request whose headers, address or body are larger than it ever needs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if sum(len(name) + len(value) for name, value in scope["headers"]) > MAX_HEADER_BYTES:
            await problem_response(431, HEADERS_TOO_LARGE)(scope, receive, send)
            return
        path = scope.get("raw_path") or scope["path"].encode()
        if len(path) + len(scope["query_string"]) > MAX_URL_BYTES:
            await problem_response(414, URL_TOO_LONG)(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            await problem_response(413, BODY_TOO_LARGE, headers=HANG_UP)(scope, receive, send)
            return

        received = 0
        started = False

        async def receive_counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY_BYTES:
                    raise BodyTooLarge
            return message

        async def send_noting_start(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive_counted, send_noting_start)
        except BodyTooLarge:
            # Read inside a route, the app's handlers answer it; this is for a read elsewhere.
            if started:
                raise
            await problem_response(413, BODY_TOO_LARGE, headers=HANG_UP)(scope, receive, send)
