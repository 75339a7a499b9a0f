"""The opt-in upstream trace: what one GraphQL operation asked of TMDB, and how it was answered.

A request with ``TMDBFusion-Trace: 1`` gets, in its response's ``extensions.tmdb``, one entry per
entity the operation needed from the upstream layer, in the order each was answered::

    {"source": "fetch", "resource": "movie", "key": "550", "parts": ["credits"],
     "status": 200, "startMs": 0.41, "durationMs": 18.2}

``source`` is ``hit`` (a cache layer had it, ``layer`` says which), ``join`` (an identical
request already in flight was awaited) or ``fetch`` (a request was sent to TMDB). ``status`` is
TMDB's HTTP status, or ``timeout`` / ``unreachable`` when none came. Times are milliseconds from
the start of the GraphQL request. Without the header no ``Trace`` exists and every hook below
costs one context-variable read.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any, Final

TRACE_HEADER: Final = b"tmdbfusion-trace"


class Trace:
    """The entries of one GraphQL request. Tasks started by that request share this object
    (a context copy holds the same reference), so fetches made for it land here too."""

    __slots__ = ("entries", "started")

    def __init__(self, started: float | None = None) -> None:
        self.started = time.perf_counter() if started is None else started
        self.entries: list[dict[str, Any]] = []

    def add(
        self,
        source: str,
        resource: str,
        key: object,
        parts: Iterable[str],
        status: int | str,
        started: float,
        ended: float,
        **extra: str,
    ) -> None:
        self.entries.append(
            {
                "source": source,
                "resource": resource,
                "key": key_text(key),
                "parts": sorted(parts),
                "status": status,
                "startMs": round((started - self.started) * 1000, 3),
                "durationMs": round((ended - started) * 1000, 3),
                **extra,
            }
        )


def key_text(key: object) -> str:
    """A row's key as the trace shows it: ``(1396, 2)`` is ``1396/2``, ``()`` is empty."""
    if isinstance(key, tuple):
        return "/".join(str(part) for part in key)
    return str(key)


TRACE: Final[ContextVar[Trace | None]] = ContextVar("tmdbfusion_trace", default=None)
