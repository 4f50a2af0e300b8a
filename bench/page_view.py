"""What one page view of the search page sends, in each architecture, as lists for wrk.

What this teaches: the list is derived, not typed in. browser.py visits each search page twice
(the first visit fills the cache, the second is the one measured: a returning visitor), and
the requests of that second visit become wrk's list, validators and all, split by the server
they go to. The API calls the frontend makes are read from `decoupled/frontend/js/search.js`
and the API's version from `js/api.js`, so the benchmark follows the frontend when it moves
to another version (and stops with a message if it can no longer tell).

One wrk connection talks to one server; the decoupled page view talks to two (the frontend's
static server, then the catalog API). So a page view is measured in *parts*, one per server,
each sent by wrk in its own chunk at the same concurrency; bench/architectures.py adds them up.
"""

import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from bench.browser import Cache, Fetch, visit
from bench.load import Request

FRONTEND = Path(__file__).resolve().parent.parent / "decoupled" / "frontend"
QUERY = "q=ai+agents"  # the search, as both addresses spell it

# What js/search.js asks the API for as the page loads (showResults and fillCategories): for
# each function of api.js it imports, the path under the API's prefix that function requests.
SEARCH_PAGE_CALLS = {"searchCourses": f"/courses?{QUERY}", "getCategories": "/categories"}
# The header the frontend's fetch sends (api.js); the browser adds the Origin. Such a GET is
# a "simple" cross-origin request: no preflight.
FETCH_HEADERS = {"Accept": "application/json, application/problem+json"}


def api_prefix() -> str:
    """The API version the frontend calls ("/api/v2"), read from its js/api.js."""
    code = (FRONTEND / "js" / "api.js").read_text(encoding="utf-8")
    code = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith("//"))
    # Written into the address (`${API_URL}/api/v2${path}`) or as a constant
    # (`API_VERSION = "/api/v2"`): the one "/api/vN" left once comments are dropped.
    found = sorted(set(re.findall(r"\$\{API_URL\}(/api/v\d+)", code)))
    found = found or sorted(set(re.findall(r"/api/v\d+", code)))
    if len(found) != 1:
        sys.exit(f"Cannot tell which API version js/api.js calls (found {found}): update me")
    return found[0]


def search_page_calls(api: str, prefix: str) -> tuple[str, ...]:
    """The API addresses the search page fetches as it loads, checked against js/search.js."""
    code = (FRONTEND / "js" / "search.js").read_text(encoding="utf-8")
    imported = re.search(r'import\s*\{([^}]*)\}\s*from\s*"\./api\.js"', code)
    names = set(re.findall(r"\w+", imported.group(1))) if imported else set()
    if names != set(SEARCH_PAGE_CALLS):
        sys.exit(f"js/search.js now imports {sorted(names)} from api.js: update SEARCH_PAGE_CALLS")
    return tuple(f"{api}{prefix}{path}" for path in SEARCH_PAGE_CALLS.values())


def by_server(fetches: list[Fetch]) -> dict[str, list[Request]]:
    """The fetches as wrk requests, grouped by the server (scheme://host:port) they went to."""
    parts: dict[str, list[Request]] = {}
    for fetch in fetches:
        address = urlsplit(fetch.url)
        path = address.path + (f"?{address.query}" if address.query else "")
        base = f"{address.scheme}://{address.netloc}"
        parts.setdefault(base, []).append(Request("GET", path, fetch.status, fetch.headers))
    return parts


def returning_visit(
    page: str, api_calls: tuple[str, ...] = (), api_headers: dict[str, str] | None = None
) -> dict[str, list[Request]]:
    """A returning visitor's page view of `page`: visited once to fill the cache, then again."""
    cache = Cache()
    visit(page, cache, api_calls=api_calls, api_headers=api_headers)
    return by_server(visit(page, cache, api_calls=api_calls, api_headers=api_headers))


def monolith_view(monolith: str) -> dict[str, list[Request]]:
    return returning_visit(f"{monolith}/?{QUERY}")


def decoupled_view(frontend: str, api: str) -> dict[str, list[Request]]:
    headers = FETCH_HEADERS | {"Origin": frontend}
    calls = search_page_calls(api, api_prefix())
    return returning_visit(f"{frontend}/?{QUERY}", api_calls=calls, api_headers=headers)


def describe(parts: dict[str, list[Request]]) -> str:
    """What a view asks for: "3 requests: 1 answered 200, 2 answered 304"."""
    statuses = [request.expected for requests in parts.values() for request in requests]
    counted = ", ".join(f"{statuses.count(s)} answered {s}" for s in sorted(set(statuses)))
    return f"{len(statuses)} requests: {counted}"
