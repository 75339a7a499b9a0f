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

Concurrent misses for one key run once across processes too: the process that misses first takes
the key's lead in Redis (``SET NX`` under ``tmdbfusion:response-leads:v1:``), held at most
``hold`` seconds (the operation deadline: a leader that dies blocks no one longer); the others
poll for the entry it stores every ``POLL`` seconds, and run the operation themselves once the
lead is gone without an entry (it failed, or had errors) or the hold passes. The leader's entry
is written before its lead is released, in the same background write.

Keys are ``tmdbfusion:responses:v1:`` + a fingerprint of what makes the answers (the schema and
the settings it was built with, given by the app) + the SHA-256 of the request's key, so gateways
serving different schemas or budgets never read each other's answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import time
from collections.abc import Callable
from typing import Any, Final

import msgspec
from redis.asyncio import Redis
from starlette.types import Receive

from gateway import metrics
from gateway.availability import Availability
from gateway.disconnect import disconnect
from gateway.redis_tier import RedisDownError, RedisTier
from gateway.response_cache import GONE, Entry, Gone, Key

NAMESPACE: Final = "tmdbfusion:responses:v1:"
LEADS: Final = "tmdbfusion:response-leads:v1:"
POLL: Final = 0.01  # seconds between looks for another process's entry
# Deletes a lead only if it is still the caller's (its token).
_RELEASE: Final = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""
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
        hold: float = 10.0,
    ) -> None:
        super().__init__(redis, timeout=timeout, availability=availability)
        self._prefix = f"{NAMESPACE}{fingerprint}:"
        self._lead_prefix = f"{LEADS}{fingerprint}:"
        self._hold_ms = max(1, int(hold * 1000))
        # Keys whose lead this process holds (or may: a lost reply), with its token, until their
        # entry is written or they are released.
        self._leads: dict[Key, str] = {}
        self._release = redis.register_script(_RELEASE)

    def name(self, key: Key) -> str:
        return self._prefix + hashlib.sha256(_ENCODE(key)).hexdigest()

    def lead_name(self, key: Key) -> str:
        return self._lead_prefix + hashlib.sha256(_ENCODE(key)).hexdigest()

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

    async def lead(self, key: Key) -> bool:
        """Whether this process runs ``key``'s operation: True when it took the lead (or Redis
        cannot say: then every process runs its own), False when another process holds it.

        The lead's value is a token of this process's own, noted before the call: a reply lost
        to the timeout may have taken it all the same, and release deletes it only if it is
        still ours (a lead past its hold may be someone else's by then)."""
        if not self.availability.usable():
            return True
        token = os.urandom(8).hex()
        self._leads[key] = token
        try:
            taken = await self._call(
                self._redis.set(self.lead_name(key), token, nx=True, px=self._hold_ms)
            )
        except RedisDownError:
            return True  # maybe taken: released as if it were
        except BaseException:
            self.release(key)
            raise
        if not taken:
            del self._leads[key]
        return bool(taken)

    async def follow(
        self, key: Key, clock: Callable[[], float], receive: Receive
    ) -> Entry | Gone | None:
        """The entry another process's lead stores for ``key``; None once the lead is gone
        without one, the hold passes, or Redis fails (the caller then runs the operation);
        ``GONE`` once the client leaves."""
        name, lead = self.name(key), self.lead_name(key)
        deadline = time.monotonic() + self._hold_ms / 1000
        watcher = asyncio.ensure_future(disconnect(receive))
        try:
            while time.monotonic() < deadline:
                await asyncio.wait((watcher,), timeout=POLL)
                if watcher.done():
                    return GONE
                # The lead first: the leader writes its entry before releasing it, so once no
                # lead is seen, the entry (if any) is there to be read by the next command.
                pipe = self._redis.pipeline(transaction=False)
                pipe.exists(lead)
                pipe.get(name)
                pipe.pttl(name)
                try:
                    leading, raw, ttl_ms = await self._call(pipe.execute())
                except RedisDownError:
                    return None
                entry = _entry(key, raw, ttl_ms, clock())
                if entry is not None:
                    _RESULTS["hit"](1)
                    return entry
                if not leading:
                    return None
            return None
        finally:
            watcher.cancel()

    def release(self, key: Key) -> None:
        """Give up ``key``'s lead, if this process holds it and has not stored an entry (that
        releases it): the others run the operation themselves."""
        token = self._leads.pop(key, None)
        if token is not None:
            self._spawn(self._write(None, None, 0, (self.lead_name(key), token)))

    def put(self, entry: Entry, lifetime: float) -> None:
        """Write ``entry`` for ``lifetime`` seconds, in the background, then release its lead."""
        token = self._leads.pop(entry.key, None)
        lead = None if token is None else (self.lead_name(entry.key), token)
        if lifetime <= 0 or not self.availability.up:
            if lead is not None:
                self._spawn(self._write(None, None, 0, lead))
            return
        value = _ENCODE((entry.body, entry.content_type, entry.tag or b"", time.time() + lifetime))
        ttl_ms = max(1, int(lifetime * 1000))
        self._spawn(self._write(self.name(entry.key), value, ttl_ms, lead))

    async def _write(
        self, name: str | None, value: bytes | None, ttl_ms: int, lead: tuple[str, str] | None
    ) -> None:
        try:
            if name is not None and value is not None:
                with contextlib.suppress(RedisDownError):
                    await self._call(self._redis.set(name, value, px=ttl_ms))
        finally:
            # After the entry (a follower that sees no lead finds it), and even if its write
            # failed: followers then run the operation rather than wait out the hold.
            if lead is not None:
                with contextlib.suppress(RedisDownError):
                    await self._call(self._release(keys=[lead[0]], args=[lead[1]]))


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
    return Entry.of(key, body, content_type, now + remaining, tag or None)


def fingerprint(*parts: object) -> str:
    """What the answers depend on besides the request, as a short hash."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]
