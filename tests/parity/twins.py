"""The two twins side by side, in this process, as the parity tests ask them.

Each twin runs its real app (the monolith's Flask app, the API's FastAPI app through a
`TestClient`, its lifespan run) on a database of its own, seeded from the dataset each would
seed from by default (`DATA_FILES`), or from another catalog. The public rate limits are off in
both: the suite sends hundreds of searches from one address. The fixtures are in conftest.py;
test modules import the names from here.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from decoupled.backend.config import Settings
from decoupled.backend.main import create_app as create_api
from monolith import create_app as create_monolith
from monolith.config import Config
from tests.parity.adapters import ApiCatalog, Catalog, MonolithCatalog
from tests.support.databases import Database
from tests.support.environment import NO_PUBLIC_LIMITS

Twins = tuple[Catalog, Catalog]
# The datasets each twin seeds from when nothing says otherwise (DATA_FILE, or data/).
DATA_FILES = {"monolith": Path(Config.DATA_FILE), "api": Settings().data_file}


@contextmanager
def make_twins(
    monolith_database: Database, api_database: Database, data_file: Path | None = None
) -> Iterator[Twins]:
    """Both twins on these databases, seeded from `data_file` if given."""
    catalog = {} if data_file is None else {"DATA_FILE": str(data_file)}
    config = {"TESTING": True, **monolith_database.monolith_config(), **NO_PUBLIC_LIMITS}
    monolith = create_monolith(config | catalog)
    settings = Settings(
        database_url=api_database.url,
        search_rate_limit="",
        enrollment_rate_limit="",
        **{name.lower(): value for name, value in catalog.items()},
    )
    try:
        with TestClient(create_api(settings)) as api_client:
            yield MonolithCatalog(monolith.test_client()), ApiCatalog(api_client)
    finally:
        monolith.extensions["coursehub_engine"].dispose()
