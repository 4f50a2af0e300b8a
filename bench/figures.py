"""From wrk's chunks to the figures in the table: rates, and latency percentiles, done right.

What this teaches: percentiles cannot be averaged. The mean of two chunks' medians is not the
median of their requests, and the median of the chunks' p95s ignores how many requests each
chunk had and where they fell. So cycle.lua records the latency of every single answer, and
`merge` pools the answers of all of a cell's chunks: its p95 is the latency that 95 % of *all*
its answers beat, as one long run would report it, but measured in turns with the other side.
Its rate is all its answers over all its chunks' seconds.

A page view is several requests, and in the decoupled architecture they go to two servers,
which wrk measures in separate chunks (page_view.py). `combine` adds the parts up:

* views per second: a view takes each part's requests, and each part's rate was measured with
  the whole machine to itself; so a view costs the machine sum(requests in part ÷ that part's
  rate) seconds, and the machine serves one over that many views a second. (By Little's law,
  the mean time of one view is then the concurrency ÷ views per second; at concurrency 1, the
  sum of its requests' mean latencies.)
* a view's percentiles: the percentiles of its time, the sum of its requests' latencies, come
  from 20,000 made-up views, each summing one latency drawn at random from every request's
  measured answers (a fixed seed: the same answers give the same figures). This assumes the
  requests of one view are delayed independently of each other.

Both architectures go through the same arithmetic, including the monolith, whose view has
one part.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bench.load import Chunk

DRAWS = 20_000
SEED = 2025
PERCENTILES = (50, 95, 99)


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank percentile: the smallest value that `p` % of `values` are at or
    below. percentile([1, 2, ..., 100], 95) is 95."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Merged:
    """A list's chunks, pooled: every answer of every chunk counts once."""

    per_second: float  # answers (of every request in the list) per second of load
    bytes_per_answer: float  # received, headers included
    latencies_ms: dict[int, list[float]]  # position in the list -> each of its answers'
    chunk_rates: list[float]  # each chunk's answers per second: how steady the machine was
    dropped: int | None = None  # connection attempts a full listen queue refused (Linux)


def merge(chunks: Sequence[Chunk]) -> Merged:
    latencies: dict[int, list[float]] = {}
    for chunk in chunks:
        for position, values in chunk.latencies_ms.items():
            latencies.setdefault(position, []).extend(values)
    answers = sum(chunk.requests for chunk in chunks)
    seconds = sum(chunk.seconds for chunk in chunks)
    received = sum(chunk.bytes for chunk in chunks)
    rates = [chunk.per_second for chunk in chunks]
    counts = [chunk.dropped for chunk in chunks]
    dropped = None if None in counts else sum(c for c in counts if c is not None)
    return Merged(answers / seconds, received / answers, latencies, rates, dropped)


def sum_percentiles(
    samples: Sequence[Sequence[float]], ps: Sequence[float] = PERCENTILES
) -> tuple[float, ...]:
    """Percentiles of the sum of one value drawn from each of `samples` (see above)."""
    random = np.random.default_rng(SEED)
    total = np.zeros(DRAWS)
    for values in samples:
        total += random.choice(np.asarray(values, dtype=float), size=DRAWS)
    return tuple(float(np.percentile(total, p, method="inverted_cdf")) for p in ps)


@dataclass
class Figures:
    """One architecture, one scenario, one concurrency: a row's half."""

    per_second: float  # requests per second, or for a page view, views per second
    p50: float  # milliseconds: of one request, or of one whole page view
    p95: float
    p99: float
    requests: int  # in one pass: 1, or a page view's requests
    bytes: float  # received in one pass
    chunk_spread: float  # (fastest chunk - slowest) / slowest, in the part that varied most
    chunk_rates: list[float]  # that part's chunks' answers per second, in the order run
    dropped: int | None = None  # connection attempts a full listen queue refused, all parts


def combine(parts: Sequence[Merged]) -> Figures:
    """One pass through every part's list: one request, or one page view (see above)."""
    counts = [len(part.latencies_ms) for part in parts]
    per_second = 1 / sum(n / part.per_second for n, part in zip(counts, parts, strict=True))
    every_request = [values for part in parts for values in part.latencies_ms.values()]
    if len(every_request) == 1:  # one request: its answers' own percentiles, exactly
        p50, p95, p99 = (percentile(every_request[0], p) for p in PERCENTILES)
    else:
        p50, p95, p99 = sum_percentiles(every_request)
    received = sum(n * part.bytes_per_answer for n, part in zip(counts, parts, strict=True))
    spreads = [(max(p.chunk_rates) - min(p.chunk_rates)) / min(p.chunk_rates) for p in parts]
    spread = max(spreads)
    noisiest = parts[spreads.index(spread)].chunk_rates
    drops = [part.dropped for part in parts]
    dropped = None if None in drops else sum(d for d in drops if d is not None)
    return Figures(per_second, p50, p95, p99, sum(counts), received, spread, noisiest, dropped)
