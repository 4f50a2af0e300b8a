"""A crowd: many requests released at the same instant, and what each one got back.

Each request runs in a thread of its own, and all wait at one barrier until the last thread is
ready, so they reach the server together, as a crowd does, not one after another. A request
that gets no answer (refused, reset, timed out) gives back its error instead of an answer, so a
test counts outcomes and never loses one.
"""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import requests


def all_at_once(count: int, request: Callable[[int], object]) -> list[object]:
    """`request(i)` for i in range(count), all released at the same instant; each outcome."""
    start = threading.Barrier(count)

    def one(number: int) -> object:
        start.wait()
        try:
            return request(number)
        except (OSError, requests.RequestException) as error:
            return error

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))
