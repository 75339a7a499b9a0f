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

# Children bound once per label set: ``labels()`` validates and hashes its arguments each call.
_graphql: dict[tuple[str, str], Histogram] = {}
_upstream: dict[tuple[str, int | str], Histogram] = {}


def graphql_request(operation: str, outcome: str, seconds: float) -> None:
    histogram = _graphql.get((operation, outcome))
    if histogram is None:
        histogram = _graphql[operation, outcome] = GRAPHQL_DURATION.labels(operation, outcome)
    histogram.observe(seconds)


def upstream_request(resource: str, status: int | str, seconds: float) -> None:
    histogram = _upstream.get((resource, status))
    if histogram is None:
        histogram = _upstream[resource, status] = UPSTREAM_DURATION.labels(resource, str(status))
    histogram.observe(seconds)


MAX_OPERATIONS: Final = 100
MAX_REMEMBERED_QUERIES: Final = 1_024
ANONYMOUS: Final = "anonymous"
UNKNOWN: Final = "unknown"  # refused before its document was known (an unreadable body, say)
OTHER: Final = "other"
_NAME: Final = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
_operations: dict[str, str] = {}
# Keyed by the query text's hash, not the text: a label mix-up on a hash collision is harmless,
# and a client sending large unique queries cannot make this hold megabytes.
_named_by_query: dict[int, str | None] = {}


def operation_label(query: str | None, operation_name: str | None) -> str:
    """The ``operation`` label of a request: the name it asked for, else its document's only
    operation's name (each query text parsed once), else ``anonymous``."""
    name = operation_name
    if name is None and query:
        key = hash(query)
        if key in _named_by_query:
            name = _named_by_query[key]
        else:
            name = _named_by_query[key] = _document_operation(query)
            if len(_named_by_query) > MAX_REMEMBERED_QUERIES:
                del _named_by_query[next(iter(_named_by_query))]
    if not name:
        return ANONYMOUS
    label = _operations.get(name)
    if label is None:
        if len(_operations) >= MAX_OPERATIONS or not _NAME.fullmatch(name):
            return OTHER
        label = _operations[name] = name
    return label


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
