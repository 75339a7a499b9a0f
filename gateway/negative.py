"""The process's memory of 404s: an unknown id asked again does not reach TMDB again.

A tier over a ``Fill`` (``gateway/tiers.py``). A ``NotFoundError`` from below is remembered for
``ttl`` seconds, or for what is left of it when it came from Redis, and raised again, as a fresh
exception with the same message, for every part of that key until then. Only 404s: any other
error may be over by the next request. It counts as the ``negative`` cache layer in the metrics
(gateway/observe.py): a hit is a 404 answered from memory.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic

from gateway import observe
from gateway.operation import Operation
from gateway.tiers import Fetched, Fill, KeyT, KnownNotFoundError
from tmdbfusion.errors import NotFoundError


class NegativeCache(Generic[KeyT]):
    """Remembers at most ``max_entries`` 404s, the least recently asked forgotten first."""

    def __init__(
        self,
        below: Fill[KeyT],
        *,
        ttl: float,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._below = below
        self._ttl = ttl
        self._max_entries = max_entries
        self._clock = clock
        self._missing: OrderedDict[KeyT, tuple[float, str, int | None]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._missing)

    async def fill(
        self, key: KeyT, parts: tuple[str, ...], operation: Operation | None = None
    ) -> Fetched:
        remembered = self._missing.get(key)
        if remembered is not None:
            expires, message, tmdb_code = remembered
            left = expires - self._clock()
            if left > 0:
                self._missing.move_to_end(key)
                observe.tier_hit("negative", key, parts, 404)
                raise KnownNotFoundError(message, ttl=left, tmdb_code=tmdb_code)
            del self._missing[key]
            observe.cache_size("negative", len(self._missing))
        observe.cache_miss("negative")
        try:
            return await self._below(key, parts, operation)
        except NotFoundError as exc:
            ttl = min(self._ttl, exc.ttl) if isinstance(exc, KnownNotFoundError) else self._ttl
            self._remember(key, ttl, str(exc), exc.tmdb_code)
            raise

    def _remember(self, key: KeyT, ttl: float, message: str, tmdb_code: int | None) -> None:
        self._missing[key] = (self._clock() + ttl, message, tmdb_code)
        self._missing.move_to_end(key)
        while len(self._missing) > self._max_entries:
            self._missing.popitem(last=False)
        observe.cache_size("negative", len(self._missing))
