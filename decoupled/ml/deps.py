"""What a route needs from the running app: the model loaded at start-up.

What this teaches: FastAPI dependencies. A route asks for `model: ModelDep` and receives
whichever `Recommender` the lifespan loaded; it never knows, or cares, which one it is.
"""

from typing import Annotated, Any

from fastapi import Depends, Request

from decoupled.ml.recommender import Recommender


def get_model(request: Request) -> Recommender:
    return request.app.state.model


def get_metadata(request: Request) -> dict[str, Any]:
    return request.app.state.metadata


ModelDep = Annotated[Recommender, Depends(get_model)]
MetadataDep = Annotated[dict[str, Any], Depends(get_metadata)]
