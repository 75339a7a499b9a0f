"""One rate budget per TMDB credential, shared through Redis by every process and replica.

TMDB limits a credential, not a process: four workers or four replicas each pacing themselves at
``TMDBFUSION_RATE_LIMIT`` would send four times that. With ``TMDBFUSION_REDIS_URL`` set, every
request therefore also takes a token from one bucket in Redis, and waits out one pause there after
a 429, whichever process met it. One Lua script does both in one round trip, on Redis's own clock
(the processes' clocks need not agree): it answers "paused for this long", or reserves the next
token and says how long until it is due, or refuses when that is past the operation's deadline.
Reservations are served in the order they reach Redis, so processes share the rate first come,
first served, while each process's fair limiter orders its own operations before that.

Keys are ``tmdbfusion:budget:`` + a SHA-256 of the credential, never the credential itself.
Every call is bounded by ``TMDBFUSION_REDIS_TIMEOUT``; when Redis fails, the process goes on with
its own limiter alone (one warning, see ``gateway/availability.py``) rather than slowing or failing
a query.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Final, TypeVar

from redis.asyncio import Redis
from redis.exceptions import RedisError

from gateway.availability import Availability
from gateway.backoff import DEFAULT_PAUSE, refuse
from gateway.upstream import connect, redis_address
from tmdbfusion.errors import RateLimitError

if TYPE_CHECKING:
    from gateway.config import Settings
    from gateway.operation import Operation

T = TypeVar("T")

PREFIX: Final = "tmdbfusion:budget:"
GRANTED, PAUSED, REFUSED = 1, 2, 3

# KEYS: the bucket (a hash of tokens and the time they were counted), the pause (a key whose
# TTL is the pause). ARGV: tokens per second, burst, the longest wait acceptable in microseconds
# (negative: any). Returns {code, microseconds}: GRANTED after that wait, PAUSED for that long,
# or REFUSED because the wait would be that long.
_TAKE = """
local pause = redis.call('PTTL', KEYS[2])
if pause > 0 then return {2, pause * 1000} end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local rate = tonumber(ARGV[1]) / 1000000
local burst = tonumber(ARGV[2])
local max_wait = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens < 1 then wait = math.ceil((1 - tokens) / rate) end
if max_wait >= 0 and wait > max_wait then return {3, wait} end
tokens = tokens - 1
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate / 1000) + 1000)
return {1, wait}
"""
# KEYS: the pause. ARGV: milliseconds. A pause only ever grows: a shorter one leaves it alone.
_PAUSE = """
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 0
"""


def budget_key(credential: str) -> str:
    """The Redis key prefix of ``credential``'s budget: a hash, so Redis never holds the secret."""
    return PREFIX + hashlib.sha256(credential.encode()).hexdigest()[:32]


class SharedBudget:
    """``rate`` requests per second in bursts of ``burst``, for every holder of the credential."""

    def __init__(
        self,
        redis: Redis,
        *,
        credential: str,
        rate: float,
        burst: float | None = None,
        timeout: float,
        availability: Availability,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self._redis = redis
        key = budget_key(credential)
        self._keys = [key + ":bucket", key + ":pause"]
        self._args = [rate, burst or rate]
        self._timeout = timeout
        self.availability = availability
        self._sleep = sleep
        self._take = redis.register_script(_TAKE)
        self._set_pause = redis.register_script(_PAUSE)

    async def acquire(self, operation: Operation | None) -> None:
        """Wait out the shared pause, then for a token of the shared bucket, within the deadline.

        Refuses (``RateLimitError``) at once when either wait would pass the deadline; returns
        at once when Redis cannot be asked.
        """
        while self.availability.usable():
            remaining = None if operation is None else operation.remaining()
            max_wait = -1 if remaining is None else int(remaining * 1_000_000)
            try:
                code, micros = await self._call(
                    self._take(keys=self._keys, args=[*self._args, max_wait])
                )
            except (RedisError, OSError):
                return
            wait = int(micros) / 1_000_000
            if code == PAUSED:
                refuse(wait, operation)
                await self._sleep(wait)
                continue  # the pause may have grown meanwhile; then take a token
            if code == REFUSED:
                raise RateLimitError(
                    f"TMDB's rate limit, shared by every gateway process, would delay this "
                    f"request {wait:.1f} s, past the operation's deadline",
                    retry_after=round(wait, 1),
                )
            if wait > 0:
                await self._sleep(wait)
            return

    async def pause(self, seconds: float | None) -> None:
        """Pause every process's requests for ``seconds`` (TMDB's ``Retry-After``)."""
        if not self.availability.usable():
            return
        millis = max(1, round((DEFAULT_PAUSE if seconds is None else seconds) * 1000))
        try:
            await self._call(self._set_pause(keys=self._keys[1:], args=[millis]))
        except (RedisError, OSError):
            return

    async def _call(self, call: Awaitable[T]) -> T:
        try:
            async with asyncio.timeout(self._timeout):
                result = await call
        except (RedisError, OSError) as exc:  # asyncio's TimeoutError is an OSError
            self.availability.failed(exc)
            raise
        self.availability.succeeded()
        return result


@asynccontextmanager
async def open_budget(settings: Settings) -> AsyncIterator[SharedBudget | None]:
    """The shared budget the settings ask for: with Redis, a credential and a rate limit."""
    # The credential the client sends: the token, preferred, else the v3 key.
    credential = settings.read_access_token or settings.api_key
    if not (settings.redis_url and credential and settings.rate_limit > 0):
        yield None
        return
    redis = connect(settings, settings.redis_url)
    address = redis_address(settings.redis_url)
    try:
        yield SharedBudget(
            redis,
            credential=credential,
            rate=settings.rate_limit,
            timeout=settings.redis_timeout,
            availability=Availability(
                f"Redis at {address} (the shared TMDB budget)",
                fallback="pacing this process alone",
            ),
        )
    finally:
        await redis.aclose()
