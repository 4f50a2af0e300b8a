"""`ServiceClient`: what every client of a CourseHub service does the same way.

What this teaches: the decoupled product has two services a mobile app may call, the
catalog API (`Client`, in `client.py`) and the ML service (`MLClient`, in `ml.py`). They
differ in their routes, and share the habits that make an HTTP client dependable:

- one `requests.Session` per client: it keeps connections open between requests and holds
  what every request shares (headers, the retry policy);
- a timeout on every call: without one, a server that never answers hangs the app forever;
- retries that honour `Retry-After` (see `retries.py`);
- errors raised as exceptions (`errors.py`): every error answer is a problem document, and a
  service that cannot be reached at all is `ApiUnavailable`, naming the service and the
  make target that starts it.

Each client is a separate object with its own address and session, so one service being
down never stops the other: the app decides what to show without it.
"""

from types import TracebackType
from typing import Any, ClassVar, Self

import requests

from decoupled.client.errors import ApiUnavailable, error_from_response
from decoupled.client.retries import retrying_adapter

USER_AGENT = "coursehub-python-client/1.0"


class ServiceClient:
    """A client of one service at `base_url`. Subclasses say which service it is."""

    # Written against version 1 of the service's contract, which says so in every path.
    prefix: ClassVar[str]
    # How errors name the service: "the API", "the catalog API", and how to start it.
    short_name: ClassVar[str]
    long_name: ClassVar[str]
    started_by: ClassVar[str]

    def __init__(
        self,
        base_url: str,
        timeout: float = 5.0,
        *,
        max_retries: int = 3,
        prefix: str | None = None,
    ) -> None:
        # `prefix` points this client at another version's paths (to see what breaks).
        self.prefix = prefix or type(self).prefix  # type: ignore[misc]
        # The server's root. An address copied with the prefix on the end works too.
        self.base_url = base_url.rstrip("/").removesuffix(self.prefix)
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers.update(
            {"Accept": "application/json, application/problem+json", "User-Agent": USER_AGENT}
        )
        adapter = retrying_adapter(max_retries)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """Send one request; the decoded JSON, or an exception saying what went wrong."""
        url = f"{self.base_url}{self.prefix}{path}"
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
                f"Cannot reach {self.short_name} at {self.base_url}. Is it running? "
                f"({self.started_by})"
            ) from error
        except requests.Timeout as error:  # connected, but no answer in time
            name = self.short_name[0].upper() + self.short_name[1:]  # "The API"
            raise ApiUnavailable(
                f"{name} at {self.base_url} did not answer within {self.timeout:g} s."
            ) from error
        if not response.ok:
            raise error_from_response(response)
        try:
            return response.json()
        except requests.JSONDecodeError as error:  # e.g. an address pointing at a web page
            raise ApiUnavailable(
                f"{self.base_url} answered, but not with JSON: is it {self.long_name}?"
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
        return f"{type(self).__name__}({self.base_url!r})"  # never a key: reprs end up in logs


def path_segment(value: str) -> str:
    """A value made safe to put in a path: "a/b" must not become two segments."""
    return requests.utils.quote(value, safe="")
