"""Settings for the ML service and its training, read from environment variables.

What this teaches: the same twelve-factor habit as the catalog API (this is a copy, not
an import: the two services share no code). Each setting has a laptop default, and the
variable of the same name overrides it: `MODEL=popularity make ml` serves the baseline,
`MODEL_DIR=/tmp/models make train` writes somewhere else.
"""

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from decoupled.ml.schemas import ModelName

REPO_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    # Pydantic reserves names starting with "model_" unless told otherwise.
    model_config = SettingsConfigDict(protected_namespaces=())

    # Which model the service answers with; both are trained, and the contract is the same.
    model: ModelName = ModelName.content
    # Where `make train` writes the artifacts and the service reads them.
    model_dir: Path = REPO_ROOT / "var" / "models"
    # Read only by `make train` and `make evaluate`: the service never opens the dataset.
    data_file: Path = REPO_ROOT / "data" / "courses.json"
    queries_file: Path = REPO_ROOT / "data" / "interest-queries.json"
    # Browser origins allowed to call the service: the frontend, in both spellings of
    # localhost. In the environment, a comma-separated list.
    cors_origins: Annotated[list[str], NoDecode] = [
        "http://localhost:3000",
        "http://127.0.0.1:3000",
    ]

    @field_validator("cors_origins", mode="before")
    @classmethod
    def split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
