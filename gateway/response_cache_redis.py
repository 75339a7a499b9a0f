"""Whole responses shared through Redis: the tier below each process's response cache.

A process that misses in its own entries looks here before running the operation (once per key:
its other requests for that key wait on it, gateway/response_cache.py), and every entry it stores
is written here too, in the background, for its remaining lifetime. Values are msgpack: the body,
its media type, its ``ETag`` (when the writer had it, as a GET's answer has; else empty, and the
reader hashes the body once) and the absolute expiry (Unix time); the remaining lifetime read
back is the key's TTL, never more than that expiry, so no process keeps an entry longer than the
data under it stays fresh.

The degradation rules are the data cache's, from the same code (gateway/redis_tier.py): every
call is bounded by ``TMDBFUSION_REDIS_TIMEOUT``; a failure or timeout marks Redis down (one
warning through ``Availability``), the responses are kept in this process alone until a probe
finds it back, and the client never sees an error for it. Looks are counted in
``tmdbfusion_response_cache_redis_total``: hit, miss, or unavailable.

Keys are ``tmdbfusion:responses:v1:`` + a fingerprint of what makes the answers (the schema and
the settings it was built with, given by the app) + the SHA-256 of the request's key, so gateways
serving different schemas or budgets never read each other's answers.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from typing import Any, Final

import msgspec
from redis.asyncio import Redis

from gateway import metrics
from gateway.availability import Availability
from gateway.redis_tier import RedisDownError, RedisTier
from gateway.response_cache import Entry, Key

NAMESPACE: Final = "tmdbfusion:responses:v1:"
_Value = tuple[bytes, bytes, bytes, float]
_ENCODE: Final = msgspec.msgpack.Encoder().encode
_DECODE: Final = msgspec.msgpack.Decoder(_Value).decode
_RESULTS: Final = {
    result: metrics.lean_inc(metrics.RESPONSE_CACHE_REDIS.labels(result))
    for result in ("hit", "miss", "unavailable")
}


class SharedResponses(RedisTier):
    """The Redis tier of the response cache (``SharedTier``)."""

    def __init__(
        self,
        redis: Redis,
        *,
        fingerprint: str,
        timeout: float,
        availability: Availability,
    ) -> None:
        super().__init__(redis, timeout=timeout, availability=availability)
        self._prefix = f"{NAMESPACE}{fingerprint}:"

    def name(self, key: Key) -> str:
        return self._prefix + hashlib.sha256(_ENCODE(key)).hexdigest()

    async def get(self, key: Key, now: float) -> Entry | None:
        """The entry for ``key`` (its expiry on the caller's clock, ``now``), if Redis has it."""
        if not self.availability.usable():
            _RESULTS["unavailable"](1)
            return None
        pipe = self._redis.pipeline(transaction=False)
        name = self.name(key)
        pipe.get(name)
        pipe.pttl(name)
        try:
            raw, ttl_ms = await self._call(pipe.execute())
        except RedisDownError:
            _RESULTS["unavailable"](1)
            return None
        entry = _entry(key, raw, ttl_ms, now)
        _RESULTS["miss" if entry is None else "hit"](1)
        return entry

    def put(self, entry: Entry, lifetime: float) -> None:
        """Write ``entry`` for ``lifetime`` seconds, in the background."""
        if lifetime <= 0 or not self.availability.up:
            return
        value = _ENCODE((entry.body, entry.content_type, entry.tag or b"", time.time() + lifetime))
        self._spawn(self._write(self.name(entry.key), value, max(1, int(lifetime * 1000))))

    async def _write(self, name: str, value: bytes, ttl_ms: int) -> None:
        with contextlib.suppress(RedisDownError):
            await self._call(self._redis.set(name, value, px=ttl_ms))


def _entry(key: Key, raw: Any, ttl_ms: int, now: float) -> Entry | None:
    # No TTL (-1) means someone else wrote the key; like what we cannot read, it is absent.
    if raw is None or ttl_ms <= 0:
        return None
    try:
        body, content_type, tag, expires_at = _DECODE(raw)
    except msgspec.DecodeError:
        return None
    remaining = min(ttl_ms / 1000, expires_at - time.time())
    if remaining <= 0:
        return None
    return Entry(key, body, content_type, now + remaining, tag or None)


def fingerprint(*parts: object) -> str:
    """What the answers depend on besides the request, as a short hash."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]
