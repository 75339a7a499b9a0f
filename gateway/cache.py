"""The process-wide layer below the per-request loaders: singleflight and a TTL cache.

Both work on whole entities, keyed by ``(resource name, key, language, query parameters)``
(``("tv.season", (1399, 1), "de", ())``, ``("search.multi", (), None, (("page", 1), ("query",
"batman")))``) and aware of which of its row's parts (TMDB's names) an entry holds, so a
request for a subset of what is cached or in flight costs nothing upstream:
- a fresh cached entry holding every asked part answers at once;
- a request whose parts are covered by a GET already in flight joins that GET;
- otherwise one GET is sent for the parts the fresh entry lacks, and merged with the ones it has.
What fills a miss is a ``Fill`` (``gateway/tiers.py``): by default the GET itself, or tiers in front
of it (the memory of 404s, Redis); it says how long its answer stays fresh, at most the row's own
lifetime (TMDB's ``max-age``, in the resource table).
The cache is an LRU bounded by entry count and by bytes of memory; each entry stops being fresh
when the first of its parts does (TMDB's ``max-age`` for it, capped by ``ttl``). An entry's bytes
are its resident size, estimated once when it is stored (``gateway/footprint.py``): entities
differ a thousandfold (a movie with a 1,000-person cast against a bare one), so a count alone
bounds nothing. An entry past its freshness is kept ``stale_if_error`` more seconds, still
counted, to stand in for TMDB when refreshing it fails (``gateway/stale.py``).

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
from typing import Any, TypeVar

import msgspec

from gateway import observe
from gateway.fetch import Fetch
from gateway.footprint import Footprint
from gateway.operation import Operation
from gateway.stale import StaleServe, may_serve_stale
from gateway.tiers import EntityKey, Fill, fetching
from tmdbfusion.errors import NotFoundError, UpstreamError
from tmdbfusion.resource import Key, QueryParams, Resource

T = TypeVar("T")


@dataclass(slots=True)
class _Entry:
    value: Any  # a Struct of its row's result type
    parts: frozenset[str]
    expires: float
    size: int


@dataclass(slots=True, eq=False)
class _Flight:
    parts: frozenset[str]
    task: asyncio.Task[Any]
    waiters: int = 0


OnStale = Callable[[StaleServe], None]


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
        stale_if_error: float = 0.0,
        footprint: Callable[[Resource[Any], Any], int] | None = None,
    ) -> None:
        self._fill = fill or fetching(fetch, ttl)
        self._ttl = ttl
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._bytes = 0
        self._stale_window = stale_if_error
        self._footprint = footprint or Footprint()
        self.clock = clock
        self._entries: OrderedDict[EntityKey, _Entry] = OrderedDict()
        self._in_flight: dict[EntityKey, list[_Flight]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        """The bytes of memory the cached entries are estimated to hold."""
        return self._bytes

    def cached(
        self,
        resource: Resource[T],
        key: Key,
        language: str | None,
        parts: Iterable[str] = (),
        params: QueryParams = (),
    ) -> T | None:
        """The fresh cached entity holding every part asked, if there is one; never waits."""
        entity_key = (resource.name, key, language, params)
        entry = self._entries.get(entity_key)
        if entry is None or not entry.parts.issuperset(parts):
            return None
        now = self.clock()
        if entry.expires <= now:
            if entry.expires + self._stale_window <= now:
                self._drop(entity_key)  # too old even to stand in for TMDB
            return None
        self._entries.move_to_end(entity_key)
        observe.cache_hit("process", resource.name, key, parts)
        value: T = entry.value
        return value

    def expiry(
        self, resource: Resource[Any], key: Key, language: str | None, params: QueryParams = ()
    ) -> float:
        """When the cached entity stops (or stopped) being fresh, on ``clock``.

        One not held was not kept (TMDB said not to, or it was evicted the moment it landed):
        it is fresh no longer than now.
        """
        entry = self._entries.get((resource.name, key, language, params))
        if entry is None:
            return self.clock()
        return entry.expires

    async def entity(
        self,
        resource: Resource[T],
        key: Key,
        language: str | None,
        parts: Iterable[str] = (),
        operation: Operation | None = None,
        params: QueryParams = (),
        *,
        on_stale: OnStale | None = None,
    ) -> T:
        """The entity with ``parts``; a GET it starts is sent under ``operation``.

        Waits at most until the operation's deadline (``UpstreamTimeoutError``) or its end.
        When TMDB fails, a stale entry holding ``parts`` may be returned instead (see
        ``gateway/stale.py``); ``on_stale`` is then told.
        """
        wanted = frozenset(parts)
        hit = self.cached(resource, key, language, wanted, params)
        if hit is not None:
            return hit
        entity_key = (resource.name, key, language, params)
        try:
            fetched: T = await self._miss(resource, entity_key, wanted, operation)
        except NotFoundError:
            self._drop(entity_key)  # gone from TMDB: no stale copy may stand in for it
            raise
        except UpstreamError as exc:
            stale = self._stale(entity_key, wanted, exc)
            if stale is None:
                raise
            observe.cache_stale("process", resource.name, key, wanted)
            if on_stale is not None:
                on_stale(stale)
            self._entries.move_to_end(entity_key)
            value: T = self._entries[entity_key].value
            return value
        return fetched

    async def _miss(
        self,
        resource: Resource[T],
        entity_key: EntityKey,
        wanted: frozenset[str],
        operation: Operation | None,
    ) -> T:
        """Join the GET in flight that covers ``wanted``, or start one for what is missing."""
        observe.cache_miss("process")
        if operation is not None:
            operation.check()
        for flight in self._in_flight.get(entity_key, ()):
            if wanted <= flight.parts:
                joined: T = await observe.joined(
                    self._join(flight, operation), resource.name, entity_key[1], wanted
                )
                return joined
        entry = self._entries.get(entity_key)
        base = entry if entry is not None and entry.expires > self.clock() else None
        task = asyncio.ensure_future(
            self._fill_missing(resource, entity_key, wanted, base, operation)
        )
        flight = _Flight(wanted, task)
        self._in_flight.setdefault(entity_key, []).append(flight)
        task.add_done_callback(lambda done: self._landed(entity_key, flight))
        fetched: T = await self._join(flight, operation)
        return fetched

    def _stale(
        self, entity_key: EntityKey, wanted: frozenset[str], error: UpstreamError
    ) -> StaleServe | None:
        """The stale entry that may stand in for TMDB's ``error``, if there is one."""
        entry = self._entries.get(entity_key)
        if entry is None or not entry.parts >= wanted or not may_serve_stale(error):
            return None
        stale_for = self.clock() - entry.expires
        if not 0 <= stale_for < self._stale_window:
            return None
        name, key, language, params = entity_key
        return StaleServe(name, key, language, params, stale_for, error)

    def _drop(self, entity_key: EntityKey) -> None:
        entry = self._entries.pop(entity_key, None)
        if entry is not None:
            self._bytes -= entry.size

    async def _join(self, flight: _Flight, operation: Operation | None) -> Any:
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
        resource: Resource[T],
        entity_key: EntityKey,
        wanted: frozenset[str],
        base: _Entry | None,
        operation: Operation | None,
    ) -> T:
        """Fetch what ``base``, the fresh entry when the miss began, lacks; cache the union."""
        missing = wanted - base.parts if base is not None else wanted
        got = await self._fill(entity_key, tuple(sorted(missing)), operation)
        value, parts, expires = got.value, got.parts, self.clock() + got.ttl
        if base is not None and not base.parts <= parts:
            # Taken from the snapshot, not the live entry, which may have gone meanwhile.
            kept = base.parts - parts
            fields = {
                resource.parts[p].field: getattr(base.value, resource.parts[p].field) for p in kept
            }
            value = msgspec.structs.replace(value, **fields)
            parts, expires = parts | kept, min(expires, base.expires)
        _, key, language, params = entity_key
        stored: T = self.put(resource, key, language, value, parts, expires=expires, params=params)
        return stored

    def _landed(self, entity_key: EntityKey, flight: _Flight) -> None:
        flights = self._in_flight[entity_key]
        flights.remove(flight)
        if not flights:
            del self._in_flight[entity_key]
        task = flight.task
        if not task.cancelled():
            task.exception()  # errors are not cached; retrieving them keeps asyncio quiet

    def put(
        self,
        resource: Resource[T],
        key: Key,
        language: str | None,
        value: T,
        parts: frozenset[str],
        *,
        expires: float | None = None,
        params: QueryParams = (),
    ) -> T:
        """Cache ``value``, which holds ``parts``, merged with the fresh parts already cached.

        It expires at ``expires``, by default after ``ttl`` seconds or the row's own lifetime,
        whichever is shorter (a row TMDB says not to keep is not kept); returns what was cached.
        """
        now = self.clock()
        if expires is None:
            expires = now + min(self._ttl, resource.ttl)
        if expires <= now:
            return value
        entity_key = (resource.name, key, language, params)
        old = self._entries.get(entity_key)
        if old is not None and old.expires > now and not old.parts <= parts:
            # Keep the parts cached earlier that this GET did not carry.
            kept = old.parts - parts
            fields = [resource.parts[part].field for part in kept]
            kept_parts = {f: getattr(old.value, f) for f in fields}
            value = msgspec.structs.replace(value, **kept_parts)  # type: ignore[type-var]
            parts = parts | kept
            expires = min(expires, old.expires)
        size = self._footprint(resource, value)
        if old is not None:
            self._bytes -= old.size
        self._entries[entity_key] = _Entry(value, parts, expires, size)
        self._entries.move_to_end(entity_key)
        self._bytes += size
        while len(self._entries) > self._max_entries or (
            self._bytes > self._max_bytes and len(self._entries) > 1
        ):
            _, evicted = self._entries.popitem(last=False)
            self._bytes -= evicted.size
        observe.cache_size("process", len(self._entries), self._bytes)
        return value
