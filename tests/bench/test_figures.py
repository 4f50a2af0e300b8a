"""bench/figures.py: the arithmetic between wrk's chunks and the table, on known numbers."""

import pytest

from bench.figures import combine, merge, percentile
from bench.load import Chunk


def chunk(seconds: float, *latencies: list[float], size: int = 500) -> Chunk:
    """A chunk whose list has one position per `latencies` list; `size` bytes per answer."""
    answers = sum(len(values) for values in latencies)
    return Chunk(answers, seconds, size * answers, dict(enumerate(latencies)))


def test_a_percentile_is_the_value_that_share_of_the_answers_took_at_most() -> None:
    one_to_a_hundred = [float(n) for n in range(100, 0, -1)]  # any order
    assert [percentile(one_to_a_hundred, p) for p in (50, 95, 99, 100)] == [50, 95, 99, 100]
    assert percentile([7.0], 50) == percentile([7.0], 99) == 7


def test_chunks_are_pooled_answer_by_answer_not_averaged() -> None:
    fast = chunk(1, [1.0] * 300)  # a quiet moment: 300 answers of 1 ms
    slow = chunk(1, [10.0] * 100)  # a busy one: 100 answers of 10 ms
    merged = merge([fast, slow])

    assert merged.per_second == 200  # 400 answers in 2 seconds
    pooled = [ms for values in merged.latencies_ms.values() for ms in values]
    # 3 answers in 4 took 1 ms: the median is 1 ms, not the 5.5 ms between the chunks' medians.
    assert percentile(pooled, 50) == 1
    assert percentile(pooled, 75) == 1
    assert percentile(pooled, 76) == 10
    assert merged.chunk_rates == [300, 100]


def test_one_request_gets_its_own_exact_percentiles() -> None:
    answers = [float(n) for n in range(1, 101)]
    figures = combine([merge([chunk(2, answers)])])

    assert figures.requests == 1
    assert figures.per_second == 50
    assert (figures.p50, figures.p95, figures.p99) == (50, 95, 99)
    assert figures.bytes == 500


def test_a_page_view_over_two_servers_costs_the_sum_of_its_parts() -> None:
    # The frontend's part: two files, 2 and 3 ms each, 100 answers a second in all.
    frontend = merge([chunk(1, [2.0] * 50, [3.0] * 50, size=200)])
    # The API's part: one call, 5 ms, 50 answers a second.
    api = merge([chunk(1, [5.0] * 50, size=1000)])
    view = combine([frontend, api])

    # A view takes 2/100 s of the machine for its files and 1/50 s for its call: 25 a second.
    assert view.per_second == pytest.approx(25)
    assert view.requests == 3
    assert (view.p50, view.p95, view.p99) == (10, 10, 10)  # 2 + 3 + 5 ms, every time
    assert view.bytes == 200 + 200 + 1000


def test_a_view_time_percentile_comes_from_the_sum_of_its_requests_times() -> None:
    # Half the pages take 1 ms, half 3 ms; the call always 10 ms: a view takes 11 or 13 ms.
    view = combine([merge([chunk(1, [1.0, 3.0] * 50)]), merge([chunk(1, [10.0] * 100)])])

    assert view.p50 in (11, 13)
    assert view.p99 == 13
    assert combine([merge([chunk(1, [1.0, 3.0] * 50)])]).p99 == 3


def test_the_spread_says_how_much_the_chunks_of_a_cell_differed() -> None:
    steady = combine([merge([chunk(1, [1.0] * 100), chunk(1, [1.0] * 100)])])
    shaken = combine([merge([chunk(1, [1.0] * 100), chunk(1, [1.0] * 150)])])

    assert steady.chunk_spread == 0
    assert shaken.chunk_spread == pytest.approx(0.5)
