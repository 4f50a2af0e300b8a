"""A page view as a browser pays for it: the page, every file it loads, then its API calls.

What this teaches: a page is more than its HTML. This is not a browser (it runs no JavaScript
and draws nothing), but it asks for what a browser asks for: the page; the stylesheets and
module scripts the page links; every module those import, found by reading each file as it
arrives, as a browser does; and, once every module is there (a module runs only when all its
imports have arrived), the API calls the page's script makes.

A warm cache is modelled as a browser keeps one: a file that came with a validator (`ETag` or
`Last-Modified`) is asked for again with `If-None-Match` or `If-Modified-Since`, and the server
may answer `304 Not Modified`, with no body. An answer without a validator (an HTML page drawn
per request, a generated file, JSON from an API) is downloaded again in full. Both servers send
`Cache-Control: no-cache`, so a browser does ask each time.

`visit()` returns the list of requests, with the headers each carried and the status each got;
bench/page_view.py hands that list to wrk, which sends it over and over, as returning visitors.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import requests

# What a page loads by itself: stylesheets and scripts (CourseHub's pages have no images).
LINKED = re.compile(
    r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"|<script\b[^>]*\bsrc="([^"]+)"'
)
# Static imports of a JavaScript module: `import { a, b } from "./api.js";`, `import "./x.js";`.
IMPORTED = re.compile(r'^\s*import\s+(?:[^"\';]*?\s+from\s+)?["\']([^"\']+)["\']', re.MULTILINE)


@dataclass(frozen=True)
class Fetch:
    url: str
    headers: dict[str, str]  # what the browser sent beyond the usual (validators, Origin)
    status: int


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
        return dict(self.entries[url].validators) if url in self.entries else {}

    def store(self, url: str, response: requests.Response) -> None:
        validators = {}
        if etag := response.headers.get("ETag"):
            validators["If-None-Match"] = etag
        if modified := response.headers.get("Last-Modified"):
            validators["If-Modified-Since"] = modified
        if validators:
            kind = response.headers.get("Content-Type", "")
            self.entries[url] = Cached(validators, kind, response.text)


def linked_files(url: str, kind: str, body: str) -> list[str]:
    """The addresses a page or a module (of this Content-Type) makes the browser fetch next."""
    if "html" in kind:
        found = [href or src for href, src in LINKED.findall(body)]
    elif "javascript" in kind:
        found = IMPORTED.findall(body)
    else:
        return []
    return [urljoin(url, link) for link in found]


def visit(
    page: str,
    cache: Cache,
    *,
    api_calls: tuple[str, ...] = (),
    api_headers: dict[str, str] | None = None,
) -> list[Fetch]:
    """Load `page`, everything it links, then send `api_calls`; fill `cache` on the way."""
    fetches: list[Fetch] = []
    with requests.Session() as http:
        waiting = [page]
        asked = {page}
        while waiting:  # each file as it arrives names the next ones
            url = waiting.pop(0)
            headers = cache.conditional_headers(url)
            response = http.get(url, headers=headers, timeout=10)
            response.raise_for_status()
            if response.status_code == 304:  # not modified: read the copy in the cache
                kind, body = cache.entries[url].kind, cache.entries[url].body
            else:
                cache.store(url, response)
                kind, body = response.headers.get("Content-Type", ""), response.text
            fetches.append(Fetch(url, headers, response.status_code))
            for link in linked_files(url, kind, body):
                if link not in asked:
                    asked.add(link)
                    waiting.append(link)
        # Every module has arrived: the scripts run, and their API calls go out.
        for url in api_calls:
            response = http.get(url, headers=api_headers, timeout=10)
            response.raise_for_status()
            fetches.append(Fetch(url, dict(api_headers or {}), response.status_code))
    return fetches
