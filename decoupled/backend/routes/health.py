"""GET /healthz: is the API up, and can it reach its database?"""

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from sqlalchemy import text

from decoupled.backend.db import SessionDep
from decoupled.backend.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Health check")
def healthz(session: SessionDep) -> Health:
    """`{"status": "ok"}` when the API can query its database; a 500 problem otherwise.

    Outside `/api/v1` on purpose: it is for machines (load balancers, `make`), not a
    versioned part of the contract.
    """
    session.execute(text("SELECT 1"))
    return Health()


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    """The address uvicorn prints: send a person who opens it to the interactive docs."""
    return RedirectResponse("/docs")
