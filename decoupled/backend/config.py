"""Settings for the catalog API, read from environment variables.

What this teaches: a twelve-factor app keeps its configuration in the environment. Every
setting here has a default that works on a laptop, and an environment variable of the same
name (in capitals) overrides it, e.g. `DATABASE_URL=postgresql://... make api`.
The app reads them once, through `get_settings()`; tests build their own `Settings(...)`.
"""

from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import limits
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode

REPO_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    # The API's own database: the monolith has a different file, the two never share one.
    database_url: str = f"sqlite:///{REPO_ROOT / 'var' / 'api.sqlite3'}"
    # The dataset an empty database is seeded from (the same file seeds the monolith).
    data_file: Path = REPO_ROOT / "data" / "courses.json"
    # Browser origins allowed to call the API: the frontend, in both spellings of localhost.
    # In the environment, a comma-separated list.
    cors_origins: Annotated[list[str], NoDecode] = [
        "http://localhost:3000",
        "http://127.0.0.1:3000",
    ]
    # Requests each partner key may make, in the `limits` notation: "60/minute", "1000/hour".
    partner_rate_limit: str = "60/minute"
    # Searches and enrollments each client address may send (rate_limits.py), in the same
    # notation; empty means no limit (load tests and benchmarks send thousands from one address).
    search_rate_limit: str = "120/minute"
    enrollment_rate_limit: str = "20/minute"
    # Where those limits count: empty, in each process's memory (each worker allows the full
    # limit); "redis://127.0.0.1:6379/0", in Redis, one count for every worker and instance.
    redis_url: str = ""
    # Version 1 of the contract is deprecated since this time and stops answering after the
    # sunset (both sent in every /api/v1 answer's headers; see deprecation.py).
    v1_deprecated_at: datetime = datetime(2026, 12, 1, tzinfo=UTC)
    v1_sunset_at: datetime = datetime(2027, 6, 30, tzinfo=UTC)
    # Failure injection for live teaching (faults.py), off by default: each /api/ request waits
    # API_DELAY_MS milliseconds, then fails with a 503 with the probability API_FAIL_RATE.
    api_delay_ms: int = Field(default=0, ge=0)
    api_fail_rate: float = Field(default=0.0, ge=0.0, le=1.0)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("partner_rate_limit")
    @classmethod
    def check_rate_limit(cls, value: str) -> str:
        limits.parse(value)  # raises ValueError on a typo, so the app fails at start-up
        return value

    @field_validator("search_rate_limit", "enrollment_rate_limit")
    @classmethod
    def check_optional_rate_limit(cls, value: str) -> str:
        value = value.strip()
        if value:
            limits.parse(value)
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
