"""When to send a request again, and how long to wait first: urllib3's `Retry`, configured.

What this teaches: a polite client slows down when asked. The API limits each partner key
(say 60 requests a minute); over the limit it answers `429 Too Many Requests` with a
`Retry-After: 12` header. `requests` sits on urllib3, whose `Retry` already knows how to
read that header, sleep, and send again, so we configure it rather than write a loop:

- retry 429 (slow down) and 503 (briefly unavailable), a few times, sleeping as long as
  `Retry-After` says (or backing off 0.5 s, 1 s, 2 s when the answer does not say);
- retry GET freely (reading twice changes nothing), but a POST only on 429: a 429 means the
  server refused before doing anything, while after a 503 or a broken connection we cannot
  know whether the POST did its work, and most POSTs are not safe to send twice (this API's
  enrollment is: it is idempotent, lesson 04; the rule here is for any POST);
- never retry a connection that cannot be made: the API is down, say so at once.

After the last retry the 429 itself comes back (not an urllib3 exception), so the client
reads its problem document like any other error.
"""

import logging

from requests.adapters import HTTPAdapter
from urllib3 import BaseHTTPResponse
from urllib3.util.retry import Retry

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 503})
# Safe to send twice. POST is not here; `PoliteRetry.is_retry` lets it through on 429 only.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class PoliteRetry(Retry):
    """urllib3's `Retry`, plus one rule: any method may be retried after a 429."""

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if status_code == 429:
            return True  # turned away before any work was done: sending again is safe
        return super().is_retry(method, status_code, has_retry_after)

    def sleep_for_retry(self, response: BaseHTTPResponse) -> bool:
        seconds = self.get_retry_after(response)
        if seconds:
            logger.info(
                "The API answered %s and asked us to wait %g s (Retry-After); waiting.",
                response.status,
                seconds,
            )
        return super().sleep_for_retry(response)


def retry_policy(retries: int = 3) -> PoliteRetry:
    """At most `retries` more tries after a 429 or 503; none after a network failure."""
    return PoliteRetry(
        total=retries,
        connect=0,  # refused, or no connection in time: the API is down, say so at once
        read=False,  # the request went out but no answer came: it may have been processed
        other=0,
        status=retries,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=IDEMPOTENT_METHODS,
        respect_retry_after_header=True,
        backoff_factor=0.5,  # only when there is no Retry-After
        raise_on_status=False,  # after the last try, hand back the 429 to read its problem
    )


def retrying_adapter(retries: int = 3) -> HTTPAdapter:
    """A transport adapter to `session.mount(...)`: every request through it uses the policy."""
    return HTTPAdapter(max_retries=retry_policy(retries))
