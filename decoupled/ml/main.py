"""The ML service: `create_app()` builds it, `app` is the one uvicorn serves.

What this teaches: serving a model behind an API. There is no database: `lifespan` loads
the trained artifacts once, when the service starts, and every request is answered from
that model in memory. If the artifacts are missing or do not match their hashes, the
service refuses to start and says why, rather than answering with a broken model.

Run it with `make ml`, i.e. `uvicorn decoupled.ml.main:app --port 8001`.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from decoupled.ml.artifacts import ArtifactError
from decoupled.ml.config import Settings, get_settings
from decoupled.ml.docs import serve_docs_offline
from decoupled.ml.limits import RequestLimits
from decoupled.ml.models import load_model
from decoupled.ml.openapi import (
    DESCRIPTION,
    TAGS,
    build_openapi,
    operation_id,
    problem_responses,
)
from decoupled.ml.problems import add_problem_handlers
from decoupled.ml.routes import health, model, recommendations


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    try:
        app.state.model, app.state.metadata = load_model(settings.model_dir, settings.model)
    except ArtifactError as exc:
        app.state.startup_error = str(exc)
        raise
    yield


class OneLineStartupError:
    """When the model cannot load, uvicorn should print the reason, not a traceback.

    A failed start-up reaches uvicorn as a message holding the whole traceback through
    Starlette's internals. For an `ArtifactError` the reason is already a sentence that says
    what to do ("No model in var/models; run make train"), so this sends just that. Neither
    has a setting for it: Starlette always sends the traceback, and uvicorn logs what it is
    sent; only a middleware sits between the two.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_reason(message: Message) -> None:
            reason = getattr(scope["app"].state, "startup_error", None)
            if message["type"] == "lifespan.startup.failed" and reason:
                message = {**message, "message": reason}
            await send(message)

        await self.app(scope, receive, send_reason if scope["type"] == "lifespan" else send)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="CourseHub ML service",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        # Any route can refuse a method it does not take, a request too large (limits.py), or
        # fail unexpectedly; the document says what that looks like.
        responses=problem_responses(405, 413, 414, 431, 500),
        # `v1_recommend_courses`, not FastAPI's `recommend_v1_recommendations_post`.
        generate_unique_id_function=operation_id,
        # /docs and /redoc are docs.py's: the same pages, but with no file from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.add_middleware(RequestLimits)  # inside CORS: the browser can read its 413 too
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
    )
    app.add_middleware(OneLineStartupError)
    add_problem_handlers(app)
    app.include_router(recommendations.router)
    app.include_router(model.router)
    app.include_router(health.router)
    serve_docs_offline(app)
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    return app


app = create_app()
