"""`Client`: every route of the catalog API as a typed Python method.

What this teaches: the habits that make an HTTP client dependable, each in a few lines:

- one `requests.Session` for all calls: it keeps connections open between requests and
  holds what every request shares (headers, the retry policy);
- a timeout on every call: without one, a server that never answers hangs the app forever;
- retries that honour `Retry-After` (see `retries.py`);
- answers parsed into typed models (`models.py`), errors raised as exceptions (`errors.py`);
- paging hidden behind an iterator: `for course in api.partner_courses()` walks every page.

The first four are shared with the ML service's client (`MLClient`, in `ml.py`) through
`ServiceClient` (`service.py`); this module holds what is the catalog's own.

Use it in a `with` block (or call `close()`) so its connections are closed:

    with Client("http://127.0.0.1:8000", api_key="...") as api:
        page = api.search("ai agents", level="beginner", sort="rating")
        print(f"{page.total} courses; first: {page.items[0].title}")
"""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

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
from decoupled.client.service import ServiceClient, path_segment

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
# The client is written against version 1 of the contract, and says so in every path.
API_PREFIX = "/api/v1"


class Client(ServiceClient):
    """The catalog API at `base_url`; `api_key` is needed only for the partner methods."""

    prefix = API_PREFIX
    short_name, long_name, started_by = "the API", "the catalog API", "make api"

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        api_key: str | None = None,
        timeout: float = 5.0,
        *,
        max_retries: int = 3,
        prefix: str | None = None,
    ) -> None:
        super().__init__(base_url, timeout, max_retries=max_retries, prefix=prefix)
        self.api_key = api_key  # sent only to the partner routes, which need it

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
        return Course.from_json(self._request("GET", f"/courses/{path_segment(slug)}"))

    def categories(self) -> list[Category]:
        """`GET /categories`: every category, by name, with its number of courses."""
        return [Category.from_json(row) for row in self._request("GET", "/categories")]

    def enroll(self, slug: str, name: str, email: str) -> Enrollment:
        """`POST /courses/{slug}/enrollments`. The same answer if this email already was."""
        body = {"name": name, "email": email}
        path = f"/courses/{path_segment(slug)}/enrollments"
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
        """`GET /partner/stats`: how many enrollments each course has (counts only)."""
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
        headers: dict[str, str] | None = None,
    ) -> Any:
        """`ServiceClient._request`, plus the key on the partner routes."""
        if partner and self.api_key:
            headers = {**(headers or {}), "X-API-Key": self.api_key}
        return super()._request(method, path, params=params, json=json, headers=headers)
