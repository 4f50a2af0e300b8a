"""A page view as a browser pays for it: the page, every file it loads, then its API calls.

What this teaches: a page is more than its HTML. This is not a browser (it runs no JavaScript
and draws nothing), but it asks for what a browser asks for, in the same order: the page; the
stylesheets and module scripts the page links; every module those import, found by reading
each file as it arrives, as a browser does, and fetched in parallel (up to six connections at
a time, a browser's usual limit per server); and, once every module is there (a module runs
only when all its imports have arrived), the API calls the page's script makes, together.

A warm cache is modelled as a browser keeps one: a file that came with a validator (`ETag` or
`Last-Modified`) is asked for again with `If-None-Match` or `If-Modified-Since`, and the server
may answer `304 Not Modified`, with no body. An answer without a validator (an HTML page drawn
per request, a generated file, JSON from an API) is downloaded again in full.
"""

import re
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from urllib.parse import urljoin

import requests
from requests.adapters import HTTPAdapter

CONNECTIONS = 6  # a browser opens at most six connections to one server at a time

# What a page loads by itself: stylesheets and scripts (CourseHub's pages have no images).
LINKED = re.compile(
    r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"|<script\b[^>]*\bsrc="([^"]+)"'
)
# Static imports of a JavaScript module: `import { a, b } from "./api.js";`, `import "./x.js";`.
IMPORTED = re.compile(r'^\s*import\s+(?:[^"\';]*?\s+from\s+)?["\']([^"\']+)["\']', re.MULTILINE)


@dataclass
class Fetch:
    url: str
    status: int
    bytes: int  # received: status line, headers and body


@dataclass
class Visit:
    seconds: float  # from the first request until the last answer arrived
    fetches: list[Fetch]

    @property
    def requests(self) -> int:
        return len(self.fetches)

    @property
    def bytes(self) -> int:
        return sum(fetch.bytes for fetch in self.fetches)


@dataclass
class Cached:
    validators: dict[str, str]  # the headers that ask "changed since?"
    kind: str  # the Content-Type (a 304 answer does not repeat it)
    body: str


@dataclass
class Cache:
    """A browser's HTTP cache: what it kept of each answer that came with a validator."""

    entries: dict[str, Cached] = field(default_factory=dict)

    def conditional_headers(self, url: str) -> dict[str, str]:
        return self.entries[url].validators if url in self.entries else {}

    def store(self, url: str, response: requests.Response) -> None:
        validators = {}
        if etag := response.headers.get("ETag"):
            validators["If-None-Match"] = etag
        if modified := response.headers.get("Last-Modified"):
            validators["If-Modified-Since"] = modified
        if validators:
            kind = response.headers.get("Content-Type", "")
            self.entries[url] = Cached(validators, kind, response.text)


def received_bytes(response: requests.Response) -> int:
    """The size of an answer as it came over the wire (without compression, which none use)."""
    status_line = len(f"HTTP/1.1 {response.status_code} {response.reason}\r\n")
    headers = sum(len(name) + len(value) + 4 for name, value in response.raw.headers.items())
    return status_line + headers + 2 + len(response.content)


def linked_files(url: str, kind: str, body: str) -> list[str]:
    """The addresses a page or a module (of this Content-Type) makes the browser fetch next."""
    if "html" in kind:
        found = [href or src for href, src in LINKED.findall(body)]
    elif "javascript" in kind:
        found = IMPORTED.findall(body)
    else:
        return []
    return [urljoin(url, link) for link in found]


def new_session() -> requests.Session:
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=2, pool_maxsize=CONNECTIONS)
    session.mount("http://", adapter)
    return session


class Browser:
    """Visits pages, with or without a warm cache. One thread per connection, reused."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=CONNECTIONS)

    def close(self) -> None:
        self.pool.shutdown()

    def visit(
        self,
        page: str,
        cache: Cache,
        *,
        api_calls: tuple[str, ...] = (),
        api_headers: dict[str, str] | None = None,
    ) -> Visit:
        """Load `page` and everything it links, then send `api_calls`; fills `cache`."""
        started = time.perf_counter()
        # A new visit opens new connections, as a browser coming back to a site later does.
        with new_session() as http:

            def get(url: str) -> tuple[Fetch, list[str]]:
                response = http.get(url, headers=cache.conditional_headers(url), timeout=10)
                response.raise_for_status()
                if response.status_code == 304:  # not modified: read the copy in the cache
                    kind, body = cache.entries[url].kind, cache.entries[url].body
                else:
                    cache.store(url, response)
                    kind, body = response.headers.get("Content-Type", ""), response.text
                fetch = Fetch(url, response.status_code, received_bytes(response))
                return fetch, linked_files(url, kind, body)

            def call(url: str) -> Fetch:
                response = http.get(url, headers=api_headers, timeout=10)
                response.raise_for_status()
                return Fetch(url, response.status_code, received_bytes(response))

            fetches: list[Fetch] = []  # in the order they were asked for
            asked = [page]
            pending: set[Future[tuple[Fetch, list[str]]]] = {self.pool.submit(get, page)}
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    fetch, links = future.result()
                    fetches.append(fetch)
                    for link in links:
                        if link not in asked:
                            asked.append(link)
                            pending.add(self.pool.submit(get, link))
            fetches.sort(key=lambda fetch: asked.index(fetch.url))
            # Every module has arrived: the scripts run, and their API calls go out together.
            calls = [self.pool.submit(call, url) for url in api_calls]
            fetches += [future.result() for future in calls]
        return Visit(time.perf_counter() - started, fetches)
