"""How large one request may be: its body, query string and headers, refused before use.

What this teaches: every part of a request that a client can make large is a way to make the
server do work or hold memory, so each gets a limit and a clear error. The API's only body is
an enrollment, `{"name": ..., "email": ...}`, a few hundred bytes; without a limit, a 300 MB
body is read whole into memory (several times over while it is decoded) before the 422 says it
was never an enrollment. So:

* A body over `MAX_BODY_BYTES` is a `413 Content Too Large` problem. When the client says its
  size up front (`Content-Length`), the answer comes before a byte of it is read; a body sent
  in chunks, size unknown, is counted as it arrives and refused at the first byte too many.
  Either way the server never holds more than the limit (plus what uvicorn reads ahead, a few
  hundred KB at most).
  The 413 says `Connection: close`: uvicorn then hangs up rather than read and throw away the
  rest of a body that may be 300 MB long.
* A query string over `MAX_QUERY_BYTES` is a `414 URI Too Long` problem. The longest honest
  one is a search: 200 characters of text, each up to 12 bytes once percent-encoded (an emoji
  is 4 bytes of UTF-8, `%F0%9F%98%80`), so 2,400 bytes, and the filters. The limit is well
  above that, and above the 10,000-character search that the parity suite has both twins
  refuse by their own rule ("Search text must be at most 200 characters."), so they still
  answer it alike: the 414 is for what no client of the catalog sends.
* Headers over `MAX_HEADER_BYTES` in all are a `431 Request Header Fields Too Large` problem.
  uvicorn's HTTP parser (h11) bounds them first, but loosely: it refuses headers that arrive
  in pieces once they pass 16 KB, yet takes whole any that arrive in one read of the socket
  (up to 256 KB), so a 100 KB header used to reach the routes. What it refuses (from about
  256 KB) gets a plain-text `400 Bad Request`, "Invalid HTTP request received.", and a closed
  connection, which the client often sees as "connection reset" before it reads the 400. That
  is the one error no code of ours can turn into a problem: the app never sees the request.
* A page holds at most 100 courses (`per_page`, `limit`): a 422 beyond, like any bad value.

FastAPI has a body limit of its own, `FastAPI(max_body_size=...)`, which counts the same way.
It is not used here because its answer to a too-large `Content-Length` is plain text, sent from
outside the app where no exception handler can turn it into a problem, and a client written
against this API's one error shape could not read it. It bounds neither query nor headers.

A "pure ASGI" middleware, not `@app.middleware("http")`: it sees the request before any of it
is read and can watch the body go by, chunk by chunk, which the higher-level kind cannot.
"""

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from decoupled.backend.problems import problem_response

MAX_BODY_BYTES = 16 * 1024
MAX_QUERY_BYTES = 16 * 1024
MAX_HEADER_BYTES = 8 * 1024
BODY_TOO_LARGE = f"The request body is too large: at most {MAX_BODY_BYTES // 1024} KB."
QUERY_TOO_LONG = f"The query string is too long: at most {MAX_QUERY_BYTES // 1024} KB."
HEADERS_TOO_LARGE = f"The request headers are too large: at most {MAX_HEADER_BYTES // 1024} KB."
# After a 413 the rest of the body may still be on its way: hang up instead of reading it.
HANG_UP = {"Connection": "close"}


class BodyTooLarge(HTTPException):
    """Raised while the body is read; the app's handlers answer it as a 413 problem."""

    def __init__(self) -> None:
        super().__init__(413, BODY_TOO_LARGE, headers=HANG_UP)


class RequestLimits:
    """Refuse a request whose headers, query string or body are larger than the API needs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if sum(len(name) + len(value) for name, value in scope["headers"]) > MAX_HEADER_BYTES:
            await problem_response(431, HEADERS_TOO_LARGE)(scope, receive, send)
            return
        if len(scope["query_string"]) > MAX_QUERY_BYTES:
            await problem_response(414, QUERY_TOO_LONG)(scope, receive, send)
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
            # A route's handlers answer it; this is for a body read anywhere else.
            if started:
                raise
            await problem_response(413, BODY_TOO_LARGE, headers=HANG_UP)(scope, receive, send)
