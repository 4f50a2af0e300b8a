"""Settings for the monolith, read once from environment variables.

Flask keeps settings in `app.config`; this class is its default. `create_app(test_config)`
overrides any of them, which is how the tests point the app at a temporary database.

The database: an SQLite file, `MONOLITH_DATABASE` (var/monolith.sqlite3 when unset), unless
`MONOLITH_DATABASE_URL` names a database server, which then wins, e.g.
`MONOLITH_DATABASE_URL=postgresql+psycopg://coursehub@127.0.0.1:5432/monolith`.
"""

import os
import secrets
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


class Config:
    # The SQLite file lives outside the source tree, in var/ (git ignores it).
    DATABASE: str = os.environ.get("MONOLITH_DATABASE", str(REPO_ROOT / "var" / "monolith.sqlite3"))
    # A database server instead (SQLAlchemy's URL): when set, DATABASE is not used.
    DATABASE_URL: str = os.environ.get("MONOLITH_DATABASE_URL", "").strip()
    # The dataset both twins are seeded from.
    DATA_FILE: str = os.environ.get("DATA_FILE", str(REPO_ROOT / "data" / "courses.json"))
    # Signs the session cookie and the CSRF tokens. A random key per start is safe for a
    # tutorial (sessions just end on restart); set MONOLITH_SECRET_KEY to keep them.
    SECRET_KEY: str = os.environ.get("MONOLITH_SECRET_KEY", secrets.token_hex(32))
    # The storefront's redesign (MONOLITH_REDESIGN=1): new templates in templates/redesign/,
    # the same views and data. A partner that scrapes the old HTML finds nothing it knows.
    REDESIGN: bool = os.environ.get("MONOLITH_REDESIGN", "").strip().lower() in {"1", "true", "yes"}
    # The monolith with an API (MONOLITH_API=1): the same program also serves the partner feed,
    # JSON under /api/v1/partner/, for programs with a key (`make monolith-partner-key`).
    # Off by default: lesson 01's monolith offers HTML pages only.
    API: bool = os.environ.get("MONOLITH_API", "").strip().lower() in {"1", "true", "yes"}
    # Requests each partner key may make, in the `limits` notation: "60/minute", "1000/hour".
    PARTNER_RATE_LIMIT: str = os.environ.get("MONOLITH_PARTNER_RATE_LIMIT", "60/minute")
    # Searches and enrollments each visitor's address may send (rate_limits.py), in the same
    # notation; empty means no limit. The catalog API reads the same two variables.
    SEARCH_RATE_LIMIT: str = os.environ.get("SEARCH_RATE_LIMIT", "120/minute")
    ENROLLMENT_RATE_LIMIT: str = os.environ.get("ENROLLMENT_RATE_LIMIT", "20/minute")
    # Where those limits and the partner keys' count: empty, in this process's memory;
    # "redis://127.0.0.1:6379/0", in Redis, one count for every monolith process (limit_store.py).
    REDIS_URL: str = os.environ.get("REDIS_URL", "")
    # The recommender, loaded into this process at start-up from the files `make train` writes
    # (one folder per model): `content` (the default) or `popularity` (MONOLITH_MODEL).
    RECOMMENDER_DIR: str = os.environ.get("MONOLITH_MODEL_DIR", str(REPO_ROOT / "var" / "models"))
    RECOMMENDER_MODEL: str = (os.environ.get("MONOLITH_MODEL") or "content").strip().lower()
    # How much a request may make Flask read. The enroll form is a few hundred bytes; without a
    # bound, one 200 MB field grew the process by a gigabyte. Larger bodies get a 413 page
    # (errors.py) before Flask reads them; the server itself refuses even larger ones unread
    # (monolith/__main__.py).
    MAX_CONTENT_LENGTH: int = 64 * 1024
    MAX_FORM_MEMORY_SIZE: int = 64 * 1024  # one field of a multipart form
    MAX_FORM_PARTS: int = 100  # fields of a multipart form
    # The session cookie (it carries the CSRF secret and the flash messages): no script may
    # read it, and a page on another site that posts a form here does not get it sent along.
    SESSION_COOKIE_HTTPONLY: bool = True
    SESSION_COOKIE_SAMESITE: str = "Lax"
