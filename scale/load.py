"""A crowd of clients sending searches, course pages and enrollments, and what each got back.

Each client is a thread with its own `requests.Session`: one connection to nginx, kept alive
as a browser keeps one. It sends a mix like a storefront's (mostly searches, then course
pages, a few enrollments), as fast as the answers come, until told to stop. Every request
becomes an `Answer`: its status, or no status when no answer came at all, and which instance
answered after how many tries, read from nginx's `X-Upstream` header.

A failure is what a user would notice: no answer, or not the answer the request should get
(200 for a search or a page, 201 for an enrollment). An acknowledged enrollment is a 201: the
user was told "enrolled", so it must be in the database at the end, once.

One thing nginx cannot hide: an instance killed while it writes an answer. nginx passes an
answer's first bytes on as soon as they come, so when the rest never comes, the client holds
half an answer and a closed connection; nginx cannot take the first bytes back and start again
elsewhere. Only the client can send the request again, and it may, because every request here
is idempotent: a search and a page read nothing but the catalog, and this API's enrollment
leaves one row however often it is sent. So a client here sends a request once more after a
broken answer (`RESEND_ON`), as a careful client of an idempotent API does, and says so.
"""

import random
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests

SEARCHES = ["python", "ai agents", "machine learning", "web", "data", "design", "sql"]
# Out of every 10 requests: 6 searches, 3 course pages, 1 enrollment.
MIX = ["search"] * 6 + ["course"] * 3 + ["enroll"]
EXPECTED = {"search": 200, "course": 200, "enroll": 201}
HANG = 30.0  # seconds: an answer slower than this counts as none
# A connection broken before or during the answer; not a timeout (that is a hang, a failure).
RESEND_ON = (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError)


@dataclass(frozen=True)
class Answer:
    """One request and what came back."""

    kind: str  # "search", "course" or "enroll"
    status: int | None  # None: no answer at all
    sent: float  # seconds since the load began, when the request was first sent
    upstreams: tuple[str, ...] = ()  # every instance nginx tried, the one that answered last
    course: str = ""
    email: str = ""
    error: str = ""
    attempts: int = 1  # 2: the first answer was cut off, and the client sent the request again

    @property
    def failed(self) -> bool:
        return self.status != EXPECTED[self.kind]

    @property
    def answered_by(self) -> str:
        return self.upstreams[-1] if self.upstreams else ""

    @property
    def retried(self) -> bool:
        """nginx tried another instance first (which failed), and the client never knew."""
        return len(self.upstreams) > 1

    @property
    def resent_by_client(self) -> bool:
        return self.attempts > 1

    @property
    def acknowledged(self) -> bool:
        return self.kind == "enroll" and self.status == 201


class Crowd:
    """`clients` threads sending the mix through `base_url` until `stop()`."""

    def __init__(self, base_url: str, courses: Sequence[str], clients: int) -> None:
        self.base_url = base_url
        self.courses = list(courses)
        self.clients = clients
        self.answers: list[Answer] = []  # list.append is atomic: the threads share it
        self.stopping = threading.Event()
        self.started = 0.0
        self.pool = ThreadPoolExecutor(clients, thread_name_prefix="client")

    def start(self) -> None:
        self.started = time.monotonic()
        for number in range(self.clients):
            self.pool.submit(self._client, number)

    def stop(self) -> None:
        """Tell every client to stop and wait for the requests under way (each ≤ HANG s)."""
        self.stopping.set()
        self.pool.shutdown(wait=True, cancel_futures=True)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def _client(self, number: int) -> None:
        chooser = random.Random(number)  # noqa: S311 (a load mix, not a secret)
        with requests.Session() as session:
            session.trust_env = False  # straight to nginx on 127.0.0.1, no proxy
            sent = 0
            while not self.stopping.is_set():
                kind = chooser.choice(MIX)
                course = chooser.choice(self.courses)
                email = f"student-{number}-{sent}@example.com" if kind == "enroll" else ""
                query = chooser.choice(SEARCHES)
                self.answers.append(self._send(session, kind, course, email, query))
                sent += 1

    def _send(
        self, session: requests.Session, kind: str, course: str, email: str, query: str
    ) -> Answer:
        """Send one request; once more if its answer was cut off (see the module's docstring)."""
        sent, attempt = self.elapsed(), 1
        while True:
            try:
                response = self._request(session, kind, course, email, query)
            except RESEND_ON as error:
                if attempt == 1:
                    attempt = 2
                    continue
                error_name = type(error).__name__
            except requests.RequestException as error:  # a timeout: a hang, not resent
                error_name = type(error).__name__
            else:
                header = response.headers.get("X-Upstream", "")
                tried = tuple(part.strip() for part in header.split(",") if part.strip())
                status = response.status_code
                return Answer(kind, status, sent, tried, course, email, "", attempt)
            return Answer(kind, None, sent, (), course, email, error_name, attempt)

    def _request(
        self, session: requests.Session, kind: str, course: str, email: str, query: str
    ) -> requests.Response:
        if kind == "search":
            url = f"{self.base_url}/api/v2/courses"
            return session.get(url, params={"q": query}, timeout=HANG)
        if kind == "course":
            return session.get(f"{self.base_url}/api/v2/courses/{course}", timeout=HANG)
        body = {"name": "Scale Demo Student", "email": email}
        url = f"{self.base_url}/api/v2/courses/{course}/enrollments"
        return session.post(url, json=body, timeout=HANG)
