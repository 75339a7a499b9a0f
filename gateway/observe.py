"""The hook points the upstream layers call, one line each where something happens.

Each hook counts in ``gateway.metrics`` and, when the current GraphQL request asked for it,
adds an entry to its upstream trace (``gateway.trace``). ``TMDBFetch`` (gateway/fetch.py) is
handed ``upstream_request`` and calls it once per attempt sent (or failure to get one); a cache
layer (``process``, the ``negative`` memory of 404s, ``redis``) calls ``cache_hit`` / ``cache_miss``
/ ``cache_stale`` / ``cache_size`` with its ``layer`` name, and wraps a singleflight wait in
``joined``; the rate limiter, retries and the breaker have their own. Nothing here raises.
Cost refusals need no call: the endpoint counts them by their error codes
(``errors_answered``).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Iterable
from typing import Final, TypeVar

from graphql import GraphQLFormattedError

from gateway import metrics
from gateway.trace import TRACE
from tmdbfusion import errors

T = TypeVar("T")

LAYERS: Final = ("process", "negative", "redis")
_hits: Final = {layer: metrics.lean_inc(metrics.CACHE_HITS.labels(layer)) for layer in LAYERS}
_misses: Final = {layer: metrics.lean_inc(metrics.CACHE_MISSES.labels(layer)) for layer in LAYERS}
_stale: Final = {layer: metrics.lean_inc(metrics.CACHE_STALE.labels(layer)) for layer in LAYERS}
_bytes: Final = {layer: metrics.CACHE_BYTES.labels(layer) for layer in LAYERS}
_entries: Final = {layer: metrics.CACHE_ENTRIES.labels(layer) for layer in LAYERS}


def upstream_request(
    resource: str, key: object, parts: tuple[str, ...], status: int | str, started: float
) -> None:
    """One request to TMDB ended, ``started`` (a ``time.perf_counter()``) ago: the fetch's
    ``UpstreamObserver``; ``resource`` is the row of the resource table (``movies.details``).

    ``status`` is the HTTP status, or ``timeout`` / ``unreachable`` when no answer came.
    """
    ended = time.perf_counter()
    metrics.upstream_request(resource, status, ended - started)
    trace = TRACE.get()
    if trace is not None:
        trace.add("fetch", resource, key, parts, status, started, ended)


def cache_hit(
    layer: str,
    resource: str,
    key: object,
    parts: Iterable[str],
    status: int = 200,
    started: float | None = None,
) -> None:
    """``layer`` answered (a 404 is ``status`` 404); ``started`` is when it was asked, for a
    layer that takes a round trip."""
    _hits[layer](1)
    trace = TRACE.get()
    if trace is not None:
        now = time.perf_counter()
        since = now if started is None else started
        trace.add("hit", resource, key, parts, status, since, now, layer=layer)


def tier_hit(
    layer: str,
    key: tuple[object, ...],
    parts: Iterable[str],
    status: int = 200,
    started: float | None = None,
) -> None:
    """``cache_hit`` for a tier below the process cache (gateway/tiers.py), whose keys are
    ``(row name, key, language, params)`` tuples it does not look into itself."""
    cache_hit(layer, str(key[0]), key[1] if len(key) > 1 else "", parts, status, started)


def cache_miss(layer: str) -> None:
    _misses[layer](1)


def cache_stale(layer: str, resource: str, key: object, parts: Iterable[str]) -> None:
    """An expired entry was served because TMDB failed."""
    _stale[layer](1)
    trace = TRACE.get()
    if trace is not None:
        now = time.perf_counter()
        trace.add("stale", resource, key, parts, 200, now, now, layer=layer)


def cache_size(layer: str, entries: int, size: int | None = None) -> None:
    """The layer's size in this process (``size`` in bytes, when the layer knows it). Under
    ``--workers`` the gauges sum live processes, so a layer every process shares (Redis)
    reports only this process's share of it."""
    _entries[layer].set(entries)
    if size is not None:
        _bytes[layer].set(size)


async def joined(flight: Awaitable[T], resource: str, key: object, parts: Iterable[str]) -> T:
    """Await a request already in flight for someone else, counted as a singleflight join."""
    metrics.SINGLEFLIGHT_JOINS.inc()
    trace = TRACE.get()
    if trace is None:
        return await flight
    started = time.perf_counter()
    status: int | str = 200
    try:
        return await flight
    except errors.UpstreamError as exc:
        status = status_of(exc)
        raise
    finally:
        trace.add("join", resource, key, parts, status, started, time.perf_counter())


def status_of(exc: errors.UpstreamError) -> int | str:
    """The status a failed request is counted under."""
    if isinstance(exc, errors.UpstreamStatusError):
        return exc.status_code
    if isinstance(exc, errors.UpstreamTimeoutError):
        return "timeout"
    if isinstance(exc, errors.UpstreamConnectionError):
        return "unreachable"
    return "bad_response"


def reason(error: BaseException) -> int | str:
    """Why a request to TMDB failed, as a retry is counted: its status, or the error's kind."""
    if isinstance(error, errors.UpstreamError):
        return status_of(error)
    return type(error).__name__


def retry(resource: str, reason: int | str) -> None:
    """A request to TMDB is about to be sent again after failing with ``reason``."""
    metrics.UPSTREAM_RETRIES.labels(resource, str(reason)).inc()


CLOSED: Final = 0
HALF_OPEN: Final = 1
OPEN: Final = 2


def breaker_state(state: int) -> None:
    """The circuit breaker moved to ``CLOSED``, ``HALF_OPEN`` or ``OPEN``."""
    metrics.BREAKER_STATE.set(state)


def ratelimit_wait(seconds: float) -> None:
    """A request to TMDB waited ``seconds`` for the rate limiter to grant it a slot."""
    metrics.RATELIMIT_WAIT.observe(seconds)


def cost_refusal(kind: str) -> None:
    """An operation was refused for its ``estimated`` or ``actual`` cost."""
    metrics.COST_REFUSALS.labels(kind).inc()


_COST_REFUSALS: Final = {
    "COST_ESTIMATED_TOO_EXPENSIVE": "estimated",
    "COST_ACTUAL_TOO_EXPENSIVE": "actual",
}


def errors_answered(errors: Iterable[GraphQLFormattedError]) -> None:
    """The GraphQL endpoint answered with ``errors``: cost refusals among them are counted here,
    by code, wherever in the schema they were raised, so the code that refuses need not."""
    for error in errors:
        code = (error.get("extensions") or {}).get("code")
        if code in _COST_REFUSALS:
            cost_refusal(_COST_REFUSALS[code])
