"""What every Redis tier of the gateway shares: the data cache's degradation rules.

Every call is bounded by ``TMDBFUSION_REDIS_TIMEOUT``; a failure or a timeout marks Redis down
through ``Availability`` (one warning, then probes) and raises ``RedisDownError``, which the
caller answers by serving from below. Writes go in the background, and closing lets those under
way finish (each bounded by the timeout) before disconnecting. The data cache
(gateway/shared_cache.py) and the response cache (gateway/response_cache_redis.py) are both one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Coroutine
from typing import Any, TypeVar

from redis.asyncio import Redis
from redis.exceptions import RedisError

from gateway.availability import Availability

T = TypeVar("T")


class RedisDownError(Exception):
    """Redis failed or timed out; the caller serves from below."""


class RedisTier:
    """A Redis client behind the degradation rules (see the module's docstring)."""

    def __init__(self, redis: Redis, *, timeout: float, availability: Availability) -> None:
        self._redis = redis
        self._timeout = timeout
        self.availability = availability
        self._writes: set[asyncio.Task[None]] = set()

    async def _call(self, operation: Awaitable[T]) -> T:
        """``operation`` within the timeout; a failure marks Redis down and raises."""
        try:
            async with asyncio.timeout(self._timeout):
                result = await operation
        except (RedisError, OSError) as exc:  # asyncio's TimeoutError is an OSError
            self.availability.failed(exc)
            raise RedisDownError from exc
        self.availability.succeeded()
        return result

    def _spawn(self, write: Coroutine[Any, Any, None]) -> None:
        """Run ``write`` in the background, kept until it ends so that closing can wait for it."""
        task = asyncio.ensure_future(write)
        self._writes.add(task)
        task.add_done_callback(self._writes.discard)

    async def aclose(self) -> None:
        """Let the writes under way finish (each is bounded by the timeout), then disconnect."""
        if self._writes:
            await asyncio.gather(*self._writes, return_exceptions=True)
        await self._redis.aclose()
