"""The process-wide layer below the per-request loaders: singleflight and a TTL cache.

Both work on whole entities, keyed by ``(kind, id, language)`` and aware of which parts an entry
holds, so a request for a subset of what is cached or in flight costs nothing upstream:
- a fresh cached entry holding every asked part answers at once;
- a request whose parts are covered by a GET already in flight joins that GET;
- otherwise one GET is sent for the parts the fresh entry lacks, and merged with the ones it has.
What fills a miss is a ``Fill`` (``gateway/tiers.py``): by default the GET itself, or tiers in front
of it (the memory of 404s, Redis); it says how long its answer stays fresh.
The cache is an LRU bounded by entry count and by bytes; each entry expires ``ttl`` seconds after
its oldest part was fetched. An entry's bytes are its JSON re-encoding, measured once when it is
stored: bench/memory.py found an entity's resident size at 0.8 to 1.2 times that, and entities
differ a thousandfold (a movie with a 1,000-person cast against a bare one), so a count alone
bounds nothing.

A GET in flight counts the callers waiting for it. One that gives up (its operation's deadline
passed, or its client left) stops waiting without cancelling it, and the last one to give up
cancels it: no work continues that nobody will read.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import msgspec

from gateway import observe
from gateway.operation import Operation
from gateway.tiers import Fill, fetching
from gateway.tmdb.client import Entity, Fetch

EntityKey = tuple[str, int, str | None]


@dataclass(slots=True)
class _Entry:
    value: Entity
    parts: frozenset[str]
    expires: float
    size: int


@dataclass(slots=True, eq=False)
class _Flight:
    parts: frozenset[str]
    task: asyncio.Task[Entity]
    waiters: int = 0


_measure = msgspec.json.Encoder().encode


class SharedUpstream:
    """Wraps a ``Fetch`` with singleflight and caching; shared by every request of the process."""

    def __init__(
        self,
        fetch: Fetch,
        *,
        ttl: float,
        max_entries: int,
        max_bytes: int = 256 * 1024 * 1024,
        clock: Callable[[], float] = time.monotonic,
        fill: Fill[EntityKey] | None = None,
    ) -> None:
        self._fill = fill or fetching(fetch, ttl)
        self._ttl = ttl
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._bytes = 0
        self._clock = clock
        self._entries: OrderedDict[EntityKey, _Entry] = OrderedDict()
        self._in_flight: dict[EntityKey, list[_Flight]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        """The bytes the cached entries account for."""
        return self._bytes

    def cached(
        self, kind: str, id: int, language: str | None, parts: Iterable[str] = ()
    ) -> Entity | None:
        """The fresh cached entity holding every part asked, if there is one; never waits."""
        key = (kind, id, language)
        entry = self._entries.get(key)
        if entry is None or not entry.parts.issuperset(parts) or entry.expires <= self._clock():
            return None
        self._entries.move_to_end(key)
        observe.cache_hit("process", kind, id, parts)
        return entry.value

    def expiry(self, kind: str, id: int, language: str | None) -> float:
        """When the cached entity stops being fresh, on ``now()``'s clock.

        One not held (evicted the moment it landed, say) was just fetched: a full ``ttl``.
        """
        entry = self._entries.get((kind, id, language))
        return self._clock() + self._ttl if entry is None else entry.expires

    def now(self) -> float:
        return self._clock()

    async def entity(
        self,
        kind: str,
        id: int,
        language: str | None,
        parts: Iterable[str] = (),
        operation: Operation | None = None,
    ) -> Entity:
        """The entity with ``parts``; a GET it starts is sent under ``operation``.

        Waits at most until the operation's deadline (``UpstreamTimeoutError``) or its end.
        """
        wanted = frozenset(parts)
        hit = self.cached(kind, id, language, wanted)
        if hit is not None:
            return hit
        observe.cache_miss("process")
        if operation is not None:
            operation.check()
        key = (kind, id, language)
        for flight in self._in_flight.get(key, ()):
            if wanted <= flight.parts:
                return await observe.joined(self._join(flight, operation), kind, id, wanted)
        entry = self._entries.get(key)
        base = entry if entry is not None and entry.expires > self._clock() else None
        task = asyncio.ensure_future(self._fill_missing(key, wanted, base, operation))
        flight = _Flight(wanted, task)
        self._in_flight.setdefault(key, []).append(flight)
        task.add_done_callback(lambda done: self._landed(key, flight))
        return await self._join(flight, operation)

    async def _join(self, flight: _Flight, operation: Operation | None) -> Entity:
        flight.waiters += 1
        try:
            if operation is None:
                # Shielded: a caller being cancelled must not cancel the GET for the others.
                return await asyncio.shield(flight.task)
            return await operation.wait(flight.task)
        finally:
            flight.waiters -= 1
            if not flight.waiters and not flight.task.done():
                flight.task.cancel()

    async def _fill_missing(
        self,
        key: EntityKey,
        wanted: frozenset[str],
        base: _Entry | None,
        operation: Operation | None,
    ) -> Entity:
        """Fetch what ``base``, the fresh entry when the miss began, lacks; cache the union."""
        missing = wanted - base.parts if base is not None else wanted
        got = await self._fill(key, tuple(sorted(missing)), operation)
        value, parts, expires = got.value, got.parts, self._clock() + got.ttl
        if base is not None and not base.parts <= parts:
            # Taken from the snapshot, not the live entry, which may have gone meanwhile.
            kept = base.parts - parts
            value = msgspec.structs.replace(value, **{p: getattr(base.value, p) for p in kept})
            parts, expires = parts | kept, min(expires, base.expires)
        return self.put(key, value, parts, expires=expires)

    def _landed(self, key: EntityKey, flight: _Flight) -> None:
        flights = self._in_flight[key]
        flights.remove(flight)
        if not flights:
            del self._in_flight[key]
        task = flight.task
        if not task.cancelled():
            task.exception()  # errors are not cached; retrieving them keeps asyncio quiet

    def put(
        self,
        key: EntityKey,
        value: Entity,
        parts: frozenset[str],
        *,
        expires: float | None = None,
    ) -> Entity:
        """Cache ``value``, which holds ``parts``, merged with the fresh parts already cached.

        It expires at ``expires``, by default ``ttl`` seconds from now; returns what was cached.
        """
        now = self._clock()
        expires = now + self._ttl if expires is None else expires
        old = self._entries.get(key)
        if old is not None and old.expires > now and not old.parts <= parts:
            # Keep the parts cached earlier that this GET did not carry.
            kept = old.parts - parts
            value = msgspec.structs.replace(value, **{p: getattr(old.value, p) for p in kept})
            parts = parts | kept
            expires = min(expires, old.expires)
        size = len(_measure(value))
        if old is not None:
            self._bytes -= old.size
        self._entries[key] = _Entry(value, parts, expires, size)
        self._entries.move_to_end(key)
        self._bytes += size
        while len(self._entries) > self._max_entries or (
            self._bytes > self._max_bytes and len(self._entries) > 1
        ):
            _, evicted = self._entries.popitem(last=False)
            self._bytes -= evicted.size
        observe.cache_size("process", len(self._entries), self._bytes)
        return value
