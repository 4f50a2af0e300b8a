"""Settings for the monolith, read once from environment variables.

Flask keeps settings in `app.config`; this class is its default. `create_app(test_config)`
overrides any of them, which is how the tests point the app at a temporary database.
"""

import os
import secrets
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


class Config:
    # The SQLite file lives outside the source tree, in var/ (git ignores it).
    DATABASE: str = os.environ.get("MONOLITH_DATABASE", str(REPO_ROOT / "var" / "monolith.sqlite3"))
    # The dataset both twins are seeded from.
    DATA_FILE: str = os.environ.get("DATA_FILE", str(REPO_ROOT / "data" / "courses.json"))
    # Signs the session cookie and the CSRF tokens. A random key per start is safe for a
    # tutorial (sessions just end on restart); set MONOLITH_SECRET_KEY to keep them.
    SECRET_KEY: str = os.environ.get("MONOLITH_SECRET_KEY", secrets.token_hex(32))
    PER_PAGE: int = 12
    # The storefront's redesign (MONOLITH_REDESIGN=1): new templates in templates/redesign/,
    # the same views and data. A partner that scrapes the old HTML finds nothing it knows.
    REDESIGN: bool = os.environ.get("MONOLITH_REDESIGN", "").strip().lower() in {"1", "true", "yes"}
    # The monolith with an API (MONOLITH_API=1): the same program also serves the partner feed,
    # JSON under /api/v1/partner/, for programs with a key (`make monolith-partner-key`).
    # Off by default: lesson 01's monolith offers HTML pages only.
    API: bool = os.environ.get("MONOLITH_API", "").strip().lower() in {"1", "true", "yes"}
    # Requests each partner key may make, in the `limits` notation: "60/minute", "1000/hour".
    PARTNER_RATE_LIMIT: str = os.environ.get("MONOLITH_PARTNER_RATE_LIMIT", "60/minute")
    # The recommender, loaded into this process at start-up from the files `make train` writes
    # (one folder per model): `content` (the default) or `popularity` (MONOLITH_MODEL).
    RECOMMENDER_DIR: str = os.environ.get("MONOLITH_MODEL_DIR", str(REPO_ROOT / "var" / "models"))
    RECOMMENDER_MODEL: str = (os.environ.get("MONOLITH_MODEL") or "content").strip().lower()
