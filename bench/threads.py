"""`uvicorn bench.threads:catalog_api`: the catalog API with as many threads as the monolith.

What this teaches: compare like with like. The monolith runs its requests on waitress's 8
threads (monolith/__main__.py). The catalog API's routes are plain `def` functions, which
FastAPI runs in a pool of threads; that pool (AnyIO's) has 40 by default, no setting of ours.
For `make bench`, both get the same number, in one process each: this wraps the unchanged app
and, as uvicorn starts it, sets the pool's size to BENCH_THREADS (8 unless set). Otherwise
the app is exactly `decoupled.backend.main:app`, under the uvicorn command line `make api` uses.
"""

import os
from typing import Any

import anyio.to_thread

from decoupled.backend.main import app

THREADS = int(os.environ.get("BENCH_THREADS", "8"))


async def catalog_api(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":  # once, in the event loop that will run every request
        anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
    await app(scope, receive, send)
