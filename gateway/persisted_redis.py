"""Persisted queries shared by every process and replica through Redis.

A document registered with one replica (Apollo's APQ follow-up) is then found by hash on every
other, so a CDN's GET by hash never lands on a replica that answers ``PersistedQueryNotFound``.
The in-process store stays in front: a hash is looked up in Redis once per process. Redis is
optional in the same way as for entities (gateway/availability.py): a call slower than
``TMDBFUSION_REDIS_TIMEOUT`` or a Redis that is down leaves the process store alone in charge,
with one warning, and a request never fails for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Final, TypeVar

from redis.asyncio import Redis
from redis.exceptions import RedisError

from gateway.availability import Availability
from gateway.persisted import MemoryStore, sha256

T = TypeVar("T")

PREFIX: Final = "tmdbfusion:v1:apq:"
# A document nobody has asked for in a month is dropped; asking again registers it again.
TTL_SECONDS: Final = 30 * 24 * 3600


class RedisStore:
    """A ``PersistedQueryStore`` over Redis, with ``memory`` in front."""

    def __init__(
        self, redis: Redis, memory: MemoryStore, *, timeout: float, availability: Availability
    ) -> None:
        self._redis = redis
        self._memory = memory
        self._timeout = timeout
        self.availability = availability

    async def get(self, digest: str) -> str | None:
        query = await self._memory.get(digest)
        if query is not None or not self.availability.usable():
            return query
        raw = await self._call(self._redis.get(PREFIX + digest))
        if raw is None:
            return None
        query = raw.decode() if isinstance(raw, bytes) else str(raw)
        # What Redis holds is checked like a registration: a document under another hash would
        # run in place of the one the client asked for.
        if sha256(query) != digest:
            return None
        await self._memory.set(digest, query)
        return query

    async def set(self, digest: str, query: str) -> None:
        await self._memory.set(digest, query)
        if self.availability.usable():
            await self._call(self._redis.set(PREFIX + digest, query, ex=TTL_SECONDS))

    async def _call(self, command: Awaitable[T]) -> T | None:
        """``command`` within the timeout; ``None`` (and Redis marked down) if it fails."""
        try:
            async with asyncio.timeout(self._timeout):
                result = await command
        except (RedisError, OSError) as exc:  # asyncio's TimeoutError is an OSError
            self.availability.failed(exc)
            return None
        self.availability.succeeded()
        return result

    async def aclose(self) -> None:
        await self._redis.aclose()
