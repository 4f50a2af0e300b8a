"""GET /healthz: is the service up, with a model loaded?"""

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from decoupled.ml.deps import ModelDep
from decoupled.ml.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Health check")
def healthz(model: ModelDep) -> Health:
    """`{"status": "ok"}` and the model's name. The service only starts once its model has
    loaded, so an answer here means it can recommend.

    Outside `/v1` on purpose: it is for machines (load balancers, `make`), not a versioned
    part of the contract.
    """
    return Health(model=model.name)  # type: ignore[arg-type]


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    """The address uvicorn prints: send a person who opens it to the interactive docs."""
    return RedirectResponse("/docs")
