"""A token bucket that paces requests toward TMDB."""

from __future__ import annotations

import asyncio
import time

from gateway import observe


class RateLimiter:
    """Allows ``rate`` acquisitions per second, in bursts of up to ``rate``.

    Waiters reserve their slot before sleeping, so concurrent callers queue up fairly instead of
    all waking at once and overshooting the rate.
    """

    def __init__(self, rate: float) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive; use no limiter to turn limiting off")
        self._rate = rate
        self._capacity = rate
        self._tokens = rate
        self._updated = time.monotonic()

    async def acquire(self) -> None:
        now = time.monotonic()
        self._tokens = min(self._capacity, self._tokens + (now - self._updated) * self._rate)
        self._updated = now
        self._tokens -= 1
        if self._tokens < 0:
            wait = -self._tokens / self._rate
            observe.ratelimit_wait(wait)
            await asyncio.sleep(wait)
