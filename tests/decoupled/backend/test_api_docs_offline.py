"""/docs and /redoc work without internet: every file they load comes from the API itself.

FastAPI's default pages load Swagger UI and ReDoc from a CDN; decoupled/backend/docs.py
serves the same files from an installed package. Here: each page names only addresses of the
API, and each of those answers 200 with the right content type.
(tests/e2e/test_docs_offline.py opens the pages in a real browser with every other host
blocked.)
"""

# The checks are the catalog API's and the ML service's alike, written once; pytest runs them
# here, with this folder's `client`.
from tests.support.docs_offline import (  # noqa: F401 (pytest collects imported tests)
    test_every_file_a_docs_page_loads_answers_with_its_content_type,
    test_the_docs_files_are_not_in_the_contract,
    test_the_docs_page_loads_swagger_ui_and_its_stylesheet,
    test_the_docs_pages_name_only_local_addresses,
    test_the_oauth2_redirect_page_is_still_served,
)
