"""The process-wide layer below the per-request loaders: singleflight and a TTL cache.

Both work on whole entities, keyed by ``(kind, id, language)`` and aware of which parts an entry
holds, so a request for a subset of what is cached or in flight costs nothing upstream:
- a fresh cached entry holding every asked part answers at once;
- a request whose parts are covered by a GET already in flight joins that GET;
- otherwise one GET is sent, and its result is merged with the parts already cached.
The cache is an LRU bounded by entry count and by bytes; each entry expires ``ttl`` seconds after
its oldest part was fetched. An entry's bytes are its JSON re-encoding, measured once when it is
stored: bench/memory.py found an entity's resident size at 0.8 to 1.2 times that, and entities
differ a thousandfold (a movie with a 1,000-person cast against a bare one), so a count alone
bounds nothing.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import msgspec

from gateway import observe
from gateway.tmdb.client import Entity, Fetch

EntityKey = tuple[str, int, str | None]


@dataclass(slots=True)
class _Entry:
    value: Entity
    parts: frozenset[str]
    expires: float
    size: int


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
    ) -> None:
        self._fetch = fetch
        self._ttl = ttl
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._bytes = 0
        self._clock = clock
        self._entries: OrderedDict[EntityKey, _Entry] = OrderedDict()
        self._in_flight: dict[EntityKey, list[tuple[frozenset[str], asyncio.Task[Entity]]]] = {}

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

    async def entity(
        self, kind: str, id: int, language: str | None, parts: Iterable[str] = ()
    ) -> Entity:
        wanted = frozenset(parts)
        hit = self.cached(kind, id, language, wanted)
        if hit is not None:
            return hit
        observe.cache_miss("process")
        key = (kind, id, language)
        for flight_parts, task in self._in_flight.get(key, ()):
            if wanted <= flight_parts:
                # Shielded: one caller giving up must not cancel the GET for the others.
                return await observe.joined(asyncio.shield(task), kind, id, wanted)
        task = asyncio.ensure_future(self._fetch(kind, id, language, tuple(sorted(wanted))))
        flights = self._in_flight.setdefault(key, [])
        flights.append((wanted, task))
        task.add_done_callback(lambda done: self._landed(key, wanted, done))
        return await asyncio.shield(task)

    def _landed(self, key: EntityKey, parts: frozenset[str], task: asyncio.Task[Entity]) -> None:
        flights = self._in_flight[key]
        flights.remove((parts, task))
        if not flights:
            del self._in_flight[key]
        if task.cancelled() or task.exception() is not None:
            return  # errors are not cached; retrieving the exception keeps asyncio quiet
        self.put(key, task.result(), parts)

    def put(self, key: EntityKey, value: Entity, parts: frozenset[str]) -> None:
        """Cache ``value``, which holds ``parts``, merged with the fresh parts already cached."""
        now = self._clock()
        expires = now + self._ttl
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
