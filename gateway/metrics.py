"""The Prometheus metrics the gateway keeps, and the text a scrape of ``/metrics`` gets.

Under ``tmdbfusion serve --workers N`` every worker writes its values to files in
``PROMETHEUS_MULTIPROC_DIR`` (the CLI makes a temporary one when none is set), and a scrape
answered by any worker sums them all; prometheus-client decides between files and plain memory
when it is first imported, so that variable must be set before then. Gauges of a worker that
died stop counting once the CLI reports it dead (``mark_process_dead``).

Label values come from small closed sets (resources, HTTP statuses, cache layers), except the
GraphQL operation name, which a client chooses: at most ``MAX_OPERATIONS`` distinct names are
kept per process, and any later one is counted as ``other``.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections.abc import Callable
from typing import Final

from graphql import GraphQLError, OperationDefinitionNode, parse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from gateway.workers import MULTIPROC_DIR_ENV
from schema.limits import MAX_TOKENS

CONTENT_TYPE: Final = CONTENT_TYPE_LATEST
# Whether this process shares its metrics with other workers: prometheus-client chose its storage
# by the same variable when it was imported, above.
MULTIPROCESS: Final = bool(os.environ.get(MULTIPROC_DIR_ENV))

# A cached query takes about 0.1 ms in-process, a TMDB request tens of milliseconds.
_FAST: Final = (
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
)
_SLOW: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

# Requests are counted by their latency histograms' ``_count`` series, as OpenTelemetry's HTTP
# conventions do: a separate counter cost a cached query 2 us more in-process (bench/hot_path.py).
GRAPHQL_DURATION: Final = Histogram(
    "tmdbfusion_graphql_request_duration_seconds",
    "GraphQL requests, from arrival to answer sent, by operation name and outcome: ok, errors "
    "(some field failed), refused (not executed: a bad request, a parse or validation failure, "
    "over budget).",
    ["operation", "outcome"],
    buckets=_FAST,
)
UPSTREAM_DURATION: Final = Histogram(
    "tmdbfusion_upstream_request_duration_seconds",
    "Requests sent to TMDB, until their body arrived, by resource and HTTP status (timeout or "
    "unreachable when none came).",
    ["resource", "status"],
    buckets=_SLOW,
)
UPSTREAM_RETRIES: Final = Counter(
    "tmdbfusion_upstream_retries_total",
    "Requests to TMDB sent again after a failure, by resource and the reason (a status, "
    "timeout or unreachable).",
    ["resource", "reason"],
)
CACHE_HITS: Final = Counter(
    "tmdbfusion_cache_hits_total",
    "Entities answered by a cache layer (process or redis) without asking further down.",
    ["layer"],
)
CACHE_MISSES: Final = Counter(
    "tmdbfusion_cache_misses_total",
    "Entities a cache layer could not answer fresh, so the next layer was asked.",
    ["layer"],
)
CACHE_STALE: Final = Counter(
    "tmdbfusion_cache_stale_serves_total",
    "Expired entries served because TMDB failed (stale-if-error).",
    ["layer"],
)
CACHE_BYTES: Final = Gauge(
    "tmdbfusion_cache_bytes",
    "Bytes the cache layer accounts for, summed over live processes.",
    ["layer"],
    multiprocess_mode="livesum",
)
CACHE_ENTRIES: Final = Gauge(
    "tmdbfusion_cache_entries",
    "Entries in the cache layer, summed over live processes.",
    ["layer"],
    multiprocess_mode="livesum",
)
SINGLEFLIGHT_JOINS: Final = Counter(
    "tmdbfusion_singleflight_joins_total",
    "Entity requests that joined an identical TMDB request already in flight.",
)
BREAKER_STATE: Final = Gauge(
    "tmdbfusion_breaker_state",
    "The circuit breaker toward TMDB: 0 closed, 1 half-open, 2 open (the highest of any live "
    "process).",
    multiprocess_mode="livemax",
)
RATELIMIT_WAIT: Final = Histogram(
    "tmdbfusion_ratelimit_wait_seconds",
    "Time a request to TMDB waited for the rate limiter, observed only when it had to wait.",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
COST_REFUSALS: Final = Counter(
    "tmdbfusion_cost_refusals_total",
    "Operations refused for their cost: estimated (before any TMDB call) or actual.",
    ["kind"],
)

RESPONSE_CACHE_REQUESTS: Final = Counter(
    "tmdbfusion_response_cache_requests_total",
    "GraphQL requests the whole-response cache looked at: hit (answered from it, without "
    "executing; not in the request-duration histogram), miss (executed), bypass (the client "
    "sent Cache-Control: no-cache or no-store).",
    ["result"],
)
RESPONSE_CACHE_REDIS: Final = Counter(
    "tmdbfusion_response_cache_redis_total",
    "Looks in Redis for a whole response: hit, miss, or unavailable (Redis down or slow, skipped).",
    ["result"],
)
RESPONSE_CACHE_BYTES: Final = Gauge(
    "tmdbfusion_response_cache_bytes",
    "Bytes of whole responses stored in process, summed over live processes.",
    multiprocess_mode="livesum",
)
RESPONSE_CACHE_ENTRIES: Final = Gauge(
    "tmdbfusion_response_cache_entries",
    "Whole responses stored in process, summed over live processes.",
    multiprocess_mode="livesum",
)


class LeanHistogram:
    """One histogram child's ``observe``, without prometheus-client's checks on every call.

    The bucket is found by bisection and the two values are incremented directly, as
    ``Histogram.observe`` does after its checks. It reaches into the child's values, which is
    why prometheus-client is pinned below 1.0; tests/gateway/test_metrics.py checks that both
    give the same exposition.
    """

    __slots__ = ("_bounds", "_buckets", "_sum")

    def __init__(self, child: Histogram) -> None:
        self._bounds = child._upper_bounds
        self._buckets = [bucket.inc for bucket in child._buckets]
        self._sum = child._sum.inc

    def observe(self, seconds: float) -> None:
        self._sum(seconds)
        self._buckets[bisect_left(self._bounds, seconds)](1)


def lean_inc(child: Counter) -> Callable[[float], None]:
    """A counter child's increment, without ``Counter.inc``'s checks on every call."""
    inc: Callable[[float], None] = child._value.inc
    return inc


def lean_set(gauge: Gauge) -> Callable[[float], None]:
    """A gauge's ``set``, without ``Gauge.set``'s checks on every call."""
    value_set: Callable[[float], None] = gauge._value.set
    return value_set


class OperationSeries:
    """The GraphQL latency histogram for one ``operation`` label, a child per outcome."""

    __slots__ = ("_by_outcome", "label")

    def __init__(self, label: str) -> None:
        self.label = label
        self._by_outcome: dict[str, LeanHistogram] = {}

    def observe(self, outcome: str, seconds: float) -> None:
        histogram = self._by_outcome.get(outcome)
        if histogram is None:
            child = GRAPHQL_DURATION.labels(self.label, outcome)
            histogram = self._by_outcome[outcome] = LeanHistogram(child)
        histogram.observe(seconds)


_upstream: dict[tuple[str, int | str], LeanHistogram] = {}


def upstream_request(resource: str, status: int | str, seconds: float) -> None:
    histogram = _upstream.get((resource, status))
    if histogram is None:
        child = UPSTREAM_DURATION.labels(resource, str(status))
        histogram = _upstream[resource, status] = LeanHistogram(child)
    histogram.observe(seconds)


MAX_OPERATIONS: Final = 100
MAX_REMEMBERED_QUERIES: Final = 1_024
ANONYMOUS: Final = OperationSeries("anonymous")
OTHER: Final = OperationSeries("other")
# Refused before its document was known (an unreadable body, say).
UNKNOWN: Final = OperationSeries("unknown")
_NAME: Final = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
_by_name: dict[str, OperationSeries] = {}
# Keyed by the query text's hash, not the text: a label mix-up on a hash collision is harmless,
# and a client sending large unique queries cannot make this hold megabytes.
_by_query: dict[int, OperationSeries] = {}


def operation_series(query: str | None, operation_name: str | None) -> OperationSeries:
    """The series of a request: the operation name it asked for, else its document's only
    operation's name (each query text parsed once), else ``anonymous``.

    A request without ``operationName`` whose text was seen before costs one hash and one
    lookup.
    """
    if operation_name is not None:
        return _named(operation_name)
    if not query:
        return ANONYMOUS
    key = hash(query)
    series = _by_query.get(key)
    if series is None:
        series = _by_query[key] = _named(_document_operation(query))
        if len(_by_query) > MAX_REMEMBERED_QUERIES:
            del _by_query[next(iter(_by_query))]
    return series


def _named(name: str | None) -> OperationSeries:
    if not name:
        return ANONYMOUS
    series = _by_name.get(name)
    if series is None:
        if len(_by_name) >= MAX_OPERATIONS or not _NAME.fullmatch(name):
            return OTHER
        series = _by_name[name] = OperationSeries(name)
    return series


def _document_operation(query: str) -> str | None:
    try:
        document = parse(query, no_location=True, max_tokens=MAX_TOKENS)
    except GraphQLError:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].name is None:
        return None
    return operations[0].name.value


def multiprocess_dir() -> str | None:
    return os.environ.get(MULTIPROC_DIR_ENV) or None


def _registry() -> CollectorRegistry:
    path = multiprocess_dir()
    if path is None:
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=path)  # type: ignore[no-untyped-call]
    return registry


def exposition() -> bytes:
    """The text format of every metric, summed over all worker processes when there are several."""
    return generate_latest(_registry())
