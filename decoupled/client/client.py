"""`Client`: every route of the catalog API as a typed Python method.

What this teaches: the habits that make an HTTP client dependable, each in a few lines:

- one `requests.Session` for all calls: it keeps connections open between requests and
  holds what every request shares (headers, the retry policy);
- a timeout on every call: without one, a server that never answers hangs the app forever;
- retries that honour `Retry-After` (see `retries.py`);
- answers parsed into dataclasses (`models.py`), errors raised as exceptions (`errors.py`);
- paging hidden behind an iterator: `for course in api.partner_courses()` walks every page.

Use it in a `with` block (or call `close()`) so its connections are closed:

    with Client("http://127.0.0.1:8000", api_key="...") as api:
        page = api.search("ai agents", level="beginner", sort="rating")
        print(f"{page.total} courses; first: {page.items[0].title}")
"""

from collections.abc import Iterator
from datetime import datetime
from types import TracebackType
from typing import Any, Self

import requests

from decoupled.client.errors import ApiUnavailable, error_from_response
from decoupled.client.models import (
    Category,
    Course,
    CoursePage,
    Enrollment,
    Level,
    PartnerCourse,
    PartnerStats,
    Sort,
)
from decoupled.client.retries import retrying_adapter

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
# The client is written against version 1 of the contract, and says so in every path.
API_PREFIX = "/api/v1"
USER_AGENT = "coursehub-python-client/1.0"


class Client:
    """The catalog API at `base_url`; `api_key` is needed only for the partner methods."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        api_key: str | None = None,
        timeout: float = 5.0,
        *,
        max_retries: int = 3,
    ) -> None:
        # The server's root. An address copied with "/api/v1" on the end works too.
        self.base_url = base_url.rstrip("/").removesuffix(API_PREFIX)
        self.api_key = api_key  # sent only to the partner routes, which need it
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers.update(
            {"Accept": "application/json, application/problem+json", "User-Agent": USER_AGENT}
        )
        adapter = retrying_adapter(max_retries)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    # --- the routes anyone may call ---------------------------------------------------

    def search(
        self,
        q: str = "",
        *,
        category: str | None = None,
        level: Level | None = None,
        max_price: float | None = None,
        min_rating: float | None = None,
        sort: Sort = "relevance",
        page: int = 1,
        per_page: int = 12,
    ) -> CoursePage:
        """`GET /courses`: one page of the courses matching every filter given."""
        params = {
            "q": q or None,
            "category": category,
            "level": level,
            "max_price": max_price,
            "min_rating": min_rating,
            "sort": sort,
            "page": page,
            "per_page": per_page,
        }
        return CoursePage.from_json(self._request("GET", "/courses", params=params))

    def course(self, slug: str) -> Course:
        """`GET /courses/{slug}`: one course; `NotFound` if there is none."""
        return Course.from_json(self._request("GET", f"/courses/{_segment(slug)}"))

    def categories(self) -> list[Category]:
        """`GET /categories`: every category, by name, with its number of courses."""
        return [Category.from_json(row) for row in self._request("GET", "/categories")]

    def enrol(self, slug: str, name: str, email: str) -> Enrollment:
        """`POST /courses/{slug}/enrollments`; `AlreadyEnrolled` if this email already is."""
        body = {"name": name, "email": email}
        path = f"/courses/{_segment(slug)}/enrollments"
        return Enrollment.from_json(self._request("POST", path, json=body))

    # --- the partner routes (they need api_key) -----------------------------------------

    def partner_courses(
        self, updated_since: datetime | None = None, *, page_size: int = 100
    ) -> Iterator[PartnerCourse]:
        """`GET /partner/courses`, every page: each course once, in a stable order.

        The feed is paged with a cursor: each answer carries `next_cursor`, which we send back
        to get the next page, until it is null. Pages are fetched only as the loop needs them.
        Pass `updated_since` (a datetime with a time zone) to get only what changed since then.
        """
        params: dict[str, Any] = {"limit": page_size}
        if updated_since is not None:
            if updated_since.tzinfo is None:  # checked now, not when the loop starts
                raise ValueError("updated_since needs a time zone, e.g. datetime.now(UTC)")
            params["updated_since"] = updated_since.isoformat()
        return self._feed_pages(params)

    def _feed_pages(self, params: dict[str, Any]) -> Iterator[PartnerCourse]:
        while True:
            feed = self._request("GET", "/partner/courses", params=params, partner=True)
            for item in feed["items"]:
                yield PartnerCourse.from_json(item)
            if feed["next_cursor"] is None:
                return
            params = {**params, "cursor": feed["next_cursor"]}

    def partner_stats(self) -> PartnerStats:
        """`GET /partner/stats`: how many enrolments each course has (counts only)."""
        return PartnerStats.from_json(self._request("GET", "/partner/stats", partner=True))

    # --- the plumbing -----------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        partner: bool = False,
    ) -> Any:
        """Send one request; the decoded JSON, or an exception saying what went wrong."""
        url = f"{self.base_url}{API_PREFIX}{path}"
        headers = {"X-API-Key": self.api_key} if partner and self.api_key else {}
        try:
            response = self.session.request(
                method,
                url,
                params={k: v for k, v in (params or {}).items() if v is not None},
                json=json,
                headers=headers,
                timeout=self.timeout,
            )
        except requests.ConnectionError as error:  # refused, unknown host, connect timeout
            raise ApiUnavailable(
                f"Cannot reach the API at {self.base_url}. Is it running? (make api)"
            ) from error
        except requests.Timeout as error:  # connected, but no answer in time
            raise ApiUnavailable(
                f"The API at {self.base_url} did not answer within {self.timeout:g} s."
            ) from error
        if not response.ok:
            raise error_from_response(response)
        try:
            return response.json()
        except requests.JSONDecodeError as error:  # e.g. --api pointing at a web page
            raise ApiUnavailable(
                f"{self.base_url} answered, but not with JSON: is it the catalog API?"
            ) from error

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Client({self.base_url!r})"  # never the key: reprs end up in logs


def _segment(value: str) -> str:
    """A value made safe to put in a path: "a/b" must not become two segments."""
    return requests.utils.quote(value, safe="")
