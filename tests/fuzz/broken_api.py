"""A catalog API that breaks its contract on purpose, for test_fuzz_runner.py.

The real app, with one wrong answer in front of it: `GET /api/v2/categories` says a category
has -1 courses, where the document promises a count of 0 or more. Everything else, headers
included, is as the real API answers, so schemathesis has exactly one thing to find.
"""

from collections.abc import Awaitable, Callable

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from decoupled.backend.headers import NOSNIFF
from decoupled.backend.main import create_app

WRONG = [{"name": "AI & Machine Learning", "slug": "ai-machine-learning", "course_count": -1}]

app = create_app()


@app.middleware("http")
async def answer_a_negative_count(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    if request.method == "GET" and request.url.path == "/api/v2/categories":
        return JSONResponse(WRONG, headers=NOSNIFF)
    return await call_next(request)
