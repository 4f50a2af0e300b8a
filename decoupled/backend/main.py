"""The catalog API: `create_app()` builds it, `app` is the one uvicorn serves.

What this teaches: how a FastAPI app is put together. Settings come in; the app gets its
own database engine and rate limiter; start-up work (create and seed the database) runs in
`lifespan`; routers are mounted under each version's prefix (`/api/v2`, and the deprecated
`/api/v1`, which differs only in how a price is written); every error becomes a problem;
CORS lets the browser frontend, and only it, call the API from another origin.

Run it with `make api`, i.e. `uvicorn decoupled.backend.main:app --port 8000`.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from sqlalchemy.orm import sessionmaker

from decoupled.backend.config import Settings, get_settings
from decoupled.backend.db import init_db, make_engine
from decoupled.backend.deprecation import DeprecationHeaders
from decoupled.backend.docs import serve_docs_offline
from decoupled.backend.faults import add_fault_injection
from decoupled.backend.headers import NoSniff
from decoupled.backend.limit_store import LimitStore
from decoupled.backend.limits import RequestLimits
from decoupled.backend.openapi import (
    DESCRIPTION,
    TAGS,
    build_openapi,
    operation_id,
    problem_responses,
)
from decoupled.backend.problems import add_problem_handlers
from decoupled.backend.routes import categories, courses, enrollments, health, partner
from decoupled.backend.security import RateLimit

V1, V2 = "/api/v1", "/api/v2"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    init_db(app.state.engine, settings.data_file)
    yield
    app.state.engine.dispose()


def allow_the_frontend(app: FastAPI, origins: list[str]) -> None:
    """CORS: browser pages from these origins (the frontend's) may read our answers."""
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type", "X-API-Key"],
        # Without this, browser JavaScript could not read these headers of our answers.
        expose_headers=[
            "Deprecation",
            "Sunset",
            "Link",
            "Retry-After",
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
        ],
    )


def mount_both_versions(app: FastAPI) -> None:
    """The same route functions under /api/v2 and, deprecated, under /api/v1."""
    # Version 2, current: where a module's answers changed, its `router_v2` serves them.
    for router in (courses.router_v2, categories.router, enrollments.router, partner.router_v2):
        app.include_router(router, prefix=V2)
    # Version 1, deprecated: the same routes, still answering as before until its sunset.
    for module in (courses, categories, enrollments, partner):
        app.include_router(module.router, prefix=V1, deprecated=True)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="CourseHub catalog API",
        version="2.0.0",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        # /api/v1/courses/ is not /api/v1/courses: a 404, not a redirect to the search.
        redirect_slashes=False,
        # Any route can refuse a method it does not take, a request too large (limits.py), or
        # fail unexpectedly; the document says what that looks like.
        responses=problem_responses(405, 413, 414, 431, 500),
        # `v1_search_courses`, not FastAPI's `search_api_v1_courses_get` (openapi.py).
        generate_unique_id_function=operation_id,
        # /docs and /redoc are docs.py's: the same pages, but with no file from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings.database_url)
    app.state.session_factory = sessionmaker(app.state.engine)
    # One store for every limit: this process's memory, or Redis with REDIS_URL (limit_store.py).
    limit_store = LimitStore(settings.redis_url)
    app.state.rate_limit = RateLimit(settings.partner_rate_limit, limit_store, "partner")
    # The public limits (rate_limits.py), per client address; an empty setting is no limit.
    app.state.search_rate_limit = RateLimit.optional(
        settings.search_rate_limit, limit_store, "search"
    )
    app.state.enrollment_rate_limit = RateLimit.optional(
        settings.enrollment_rate_limit, limit_store, "enrollment"
    )

    app.add_middleware(RequestLimits)  # the innermost: its refusals get CORS headers too
    add_fault_injection(app, settings.api_delay_ms, settings.api_fail_rate)  # inside CORS
    allow_the_frontend(app, settings.cors_origins)
    add_problem_handlers(app)
    app.add_middleware(
        DeprecationHeaders,
        deprecated_at=settings.v1_deprecated_at,
        sunset_at=settings.v1_sunset_at,
    )
    app.add_middleware(NoSniff)  # the outermost: every answer

    mount_both_versions(app)
    app.include_router(health.router)
    serve_docs_offline(app)

    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    return app


app = create_app()
