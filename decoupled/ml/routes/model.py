"""GET /v1/model: which model is behind the API, trained when, on what, how good."""

from fastapi import APIRouter

from decoupled.ml.deps import MetadataDep
from decoupled.ml.schemas import ModelInfo

router = APIRouter(prefix="/v1", tags=["model"])


@router.get("/model", summary="Describe the model being served")
def read_model(metadata: MetadataDep) -> ModelInfo:
    """The `metadata.json` that `make train` wrote next to the model: its name and version,
    when it was trained, the SHA-256 of the dataset and of every artifact, and its
    precision@5 and nDCG@5 on the hand-labelled queries.
    """
    return ModelInfo.model_validate(metadata)
