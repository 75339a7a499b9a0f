"""Entries shared through Redis by every process and replica: the tier below the process cache.

On a process-cache miss this tier looks in Redis first. A hit (an entry holding every part asked)
is decoded and passed up with the key's remaining TTL, so no process keeps it longer than Redis
does. On a miss, this process takes a short lock (``SET NX PX``) and fetches from below; another
process missing the same key meanwhile sees the lock and polls for the entry instead of asking
TMDB too, until the lock is released or ``lock_wait`` has passed. The fetched entity is merged
with the parts the Redis entry already held and written back, with its TTL, after the query has
its answer, for as long as the tier below says it stays fresh (TMDB's ``max-age``, capped; an
answer TMDB says not to keep is not written). A 404 is written as an entry too, for
``negative_ttl`` seconds.

Every Redis call is bounded by ``timeout``. A failure or timeout makes the tier step aside: the
query is served from below as if Redis were not configured, and ``Availability`` keeps the
following queries from paying the timeout again until a probe finds Redis back.

Values are msgpack (msgspec), decoded into the result Struct of the resource table's row the caller
names for each key, with the entry's part set (TMDB's part names) beside them. Keys are
``tmdbfusion:v1:`` + a fingerprint of that type's schema + the key tuple as JSON, so entries
written by a build with other Structs are never read as ours.

In the metrics this is the ``redis`` cache layer: a hit is an entry that answered, a miss a look
that did not (Redis down included). Its size is this process's share: the entries it wrote that
have not expired yet (``WriteLedger``), which summed over every process approximates what Redis
holds without asking Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import heapq
import logging
import math
import os
import time
from collections.abc import Callable
from typing import Any, Generic, TypeGuard, TypeVar

import msgspec
from redis.asyncio import Redis

from gateway import observe
from gateway.availability import Availability
from gateway.operation import Operation
from gateway.redis_tier import RedisDownError, RedisTier
from gateway.tiers import Fetched, Fill, KeyT, KnownNotFoundError
from tmdbfusion.errors import NotFoundError
from tmdbfusion.resource import Resource

logger = logging.getLogger("gateway.shared_cache")

T = TypeVar("T")
# An entity as Redis holds it: a Struct of its row's result type.
Entity = Any
VERSION = 1
NAMESPACE = f"tmdbfusion:v{VERSION}:"
# Longer than most TMDB answers take, short enough that a fetcher that died costs little.
LOCK_WAIT = 1.0
LAYER = "redis"  # its name in the metrics and the upstream trace
FIRST_POLL, LAST_POLL = 0.005, 0.05


class Entry(msgspec.Struct, Generic[T], array_like=True, frozen=True):
    """What Redis holds for a key: an entity and its parts, or TMDB's 404 message."""

    parts: frozenset[str] = frozenset()
    value: T | None = None
    missing: str | None = None
    tmdb_code: int | None = None


# One round trip: the entry and its remaining TTL, and the lock taken when the entry is absent
# (or, with ARGV[3] = 1, present but lacking a part).
_LOOK = """
local value = redis.call('GET', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if value and ARGV[3] == '0' then return {value, ttl, 0} end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {value, ttl, 1} end
return {value, ttl, 0}
"""
# One round trip: write the entry (if any), then release the lock only if it is still ours (it
# may have expired and been taken by another process).
_STORE = """
if ARGV[2] ~= '' then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
if ARGV[1] ~= '' and redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 0
"""


def answers(entry: Entry[Entity] | None, wanted: frozenset[str]) -> TypeGuard[Entry[Entity]]:
    """Whether ``entry`` answers a request for ``wanted``: a 404 answers any."""
    return entry is not None and (entry.missing is not None or entry.parts >= wanted)


class WriteLedger:
    """The entries (and their bytes) this process wrote, counted until their TTL ends.

    Writes are grouped by the second they expire in, so it holds at most one bucket per second
    of the longest TTL however many writes there are. An entry written twice counts twice until
    the first write would have expired.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._buckets: dict[int, list[int]] = {}
        self._seconds: list[int] = []  # a heap of the buckets' keys
        self.entries = 0
        self.bytes = 0

    def wrote(self, size: int, ttl: float) -> None:
        now = self._clock()
        self.expire(now)
        second = math.ceil(now + ttl)
        bucket = self._buckets.get(second)
        if bucket is None:
            bucket = self._buckets[second] = [0, 0]
            heapq.heappush(self._seconds, second)
        bucket[0] += 1
        bucket[1] += size
        self.entries += 1
        self.bytes += size

    def expire(self, now: float | None = None) -> bool:
        """Forget the writes whose TTL has ended; whether there were any."""
        now = self._clock() if now is None else now
        expired = False
        while self._seconds and self._seconds[0] <= now:
            entries, size = self._buckets.pop(heapq.heappop(self._seconds))
            self.entries -= entries
            self.bytes -= size
            expired = True
        return expired


class SharedCache(RedisTier, Generic[KeyT]):
    """A ``Fill`` tier over ``below``, sharing entries through ``redis``."""

    def __init__(
        self,
        redis: Redis,
        below: Fill[KeyT],
        *,
        row: Callable[[KeyT], Resource[Any]],
        timeout: float,
        negative_ttl: float,
        availability: Availability,
        after_decode: Callable[[Resource[Any], Entity], None] | None = None,
        lock_wait: float = LOCK_WAIT,
    ) -> None:
        super().__init__(redis, timeout=timeout, availability=availability)
        self._below = below
        self._row = row
        self._negative_ttl = negative_ttl
        self._after_decode = after_decode
        self._lock_wait = lock_wait
        self._look = redis.register_script(_LOOK)
        self._write = redis.register_script(_STORE)
        self._encode = msgspec.msgpack.Encoder().encode
        self._decoders: dict[str, tuple[str, msgspec.msgpack.Decoder[Any]]] = {}
        self.written = WriteLedger()

    async def ping(self) -> bool:
        """Whether Redis answers; a failure is logged like any other, once."""
        try:
            await self._call(self._redis.ping())
        except RedisDownError:
            return False
        return True

    async def fill(
        self, key: KeyT, parts: tuple[str, ...], operation: Operation | None = None
    ) -> Fetched:
        if not self.availability.usable():
            observe.cache_miss(LAYER)
            return await self._below(key, parts, operation)
        if self.written.expire():
            self._report_size()
        resource = self._row(key)
        name, decoder = self._name(resource, key)
        token = os.urandom(8).hex()
        started = time.perf_counter()
        try:
            entry, ttl, locked = await self._wait_or_lock(
                resource, name, decoder, token, frozenset(parts)
            )
        except RedisDownError:
            observe.cache_miss(LAYER)
            return await self._below(key, parts, operation)
        if answers(entry, frozenset(parts)):
            status = 200 if entry.missing is None else 404
            observe.tier_hit(LAYER, key, parts, status, started)
            return self._answer(entry, ttl)
        observe.cache_miss(LAYER)
        lock = token if locked else None
        return await self._fetch(resource, key, parts, name, entry, ttl, lock, operation)

    async def _wait_or_lock(
        self,
        resource: Resource[Any],
        name: str,
        decoder: msgspec.msgpack.Decoder[Any],
        token: str,
        wanted: frozenset[str],
    ) -> tuple[Entry[Entity] | None, float, bool]:
        """The entry if it answers ``wanted``; else whatever it holds, and whether we locked."""
        lock_ms = str(max(1, int(self._lock_wait * 1000)))
        deadline = time.monotonic() + self._lock_wait
        delay = FIRST_POLL
        lock_if_present = "0"
        while True:
            raw, ttl_ms, locked = await self._call(
                self._look(keys=[name, name + ":lock"], args=[token, lock_ms, lock_if_present])
            )
            entry = self._decode(resource, decoder, raw, ttl_ms)
            if answers(entry, wanted) or locked or time.monotonic() >= deadline:
                return entry, ttl_ms / 1000, bool(locked)
            if raw is not None and lock_if_present == "0":
                lock_if_present = "1"  # an entry we cannot use: fetch it under the lock
                continue
            # Another process is fetching this key: wait for its entry, or take the lock once
            # it is gone.
            await asyncio.sleep(delay)
            delay = min(delay * 2, LAST_POLL)

    async def _fetch(
        self,
        resource: Resource[Any],
        key: KeyT,
        parts: tuple[str, ...],
        name: str,
        base: Entry[Entity] | None,
        base_ttl: float,
        token: str | None,
        operation: Operation | None,
    ) -> Fetched:
        """Fetch from below what ``base`` lacks, merge, and write the union back to Redis."""
        have = base.parts if base is not None and base.value is not None else frozenset()
        try:
            got = await self._below(key, tuple(sorted(frozenset(parts) - have)), operation)
        except NotFoundError as exc:
            if self._negative_ttl > 0 and not isinstance(exc, KnownNotFoundError):
                missing = Entry[Entity](missing=str(exc), tmdb_code=exc.tmdb_code)
                self._spawn(self._store(name, missing, self._negative_ttl, token))
            elif token is not None:
                self._spawn(self._store(name, None, 0, token))
            raise
        except BaseException:
            if token is not None:
                self._spawn(self._store(name, None, 0, token))
            raise
        value, held, ttl = got.value, got.parts, got.ttl
        if base is not None and base.value is not None and not have <= held:
            kept = have - held
            fields = [resource.parts[part].field for part in kept]
            value = msgspec.structs.replace(value, **{f: getattr(base.value, f) for f in fields})
            held, ttl = held | kept, min(ttl, base_ttl)
        if ttl > 0:
            self._spawn(self._store(name, Entry(parts=held, value=value), ttl, token))
        elif token is not None:  # TMDB said not to keep it: only release the lock
            self._spawn(self._store(name, None, 0, token))
        return Fetched(value, held, ttl)

    async def _store(
        self, name: str, entry: Entry[Entity] | None, ttl: float, token: str | None
    ) -> None:
        """Write ``entry`` for ``ttl`` seconds (if any) and release our lock (if held)."""
        if not self.availability.up:
            return  # the lock, if any, expires by itself
        value = self._encode(entry) if entry is not None else b""
        ttl_ms = max(1, int(ttl * 1000))
        with contextlib.suppress(RedisDownError):
            await self._call(
                self._write(keys=[name, name + ":lock"], args=[token or "", value, ttl_ms])
            )
            if value:
                self.written.wrote(len(value), ttl)
                self._report_size()

    def _report_size(self) -> None:
        observe.cache_size(LAYER, self.written.entries, self.written.bytes)

    def _answer(self, entry: Entry[Entity], ttl: float) -> Fetched:
        if entry.missing is not None or entry.value is None:
            raise KnownNotFoundError(entry.missing or "", ttl=ttl, tmdb_code=entry.tmdb_code)
        return Fetched(entry.value, entry.parts, ttl)

    def _decode(
        self,
        resource: Resource[Any],
        decoder: msgspec.msgpack.Decoder[Any],
        raw: bytes | None,
        ttl_ms: int,
    ) -> Entry[Entity] | None:
        # No TTL (-1) means someone else wrote the key; treat it, and what we cannot read
        # (written by another build), as absent: the next write replaces it.
        if raw is None or ttl_ms <= 0:
            return None
        try:
            entry: Entry[Entity] = decoder.decode(raw)
        except msgspec.DecodeError as exc:
            logger.debug("unreadable shared cache entry, ignored: %s", exc)
            return None
        if entry.value is not None and self._after_decode is not None:
            self._after_decode(resource, entry.value)
        return entry

    def _name(self, resource: Resource[Any], key: KeyT) -> tuple[str, msgspec.msgpack.Decoder[Any]]:
        known = self._decoders.get(resource.name)
        if known is None:
            wire_type = resource.result
            schema = msgspec.json.encode(msgspec.json.schema(wire_type))
            fingerprint = hashlib.sha256(schema).hexdigest()[:12]
            known = self._decoders[resource.name] = (
                f"{NAMESPACE}{fingerprint}:",
                msgspec.msgpack.Decoder(Entry[wire_type]),  # type: ignore[valid-type]
            )
        prefix, decoder = known
        return prefix + msgspec.json.encode(key).decode(), decoder
