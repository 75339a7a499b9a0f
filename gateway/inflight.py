"""A cap on the requests in flight to TMDB at once.

TMDB allows about 20 connections per client IP; a gateway whose fan-out opens more gets refused
connections, which look like an outage. Requests past the cap wait for a slot in arrival order,
and a wait that reaches the operation's deadline fails with ``UpstreamTimeoutError``.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from tmdbfusion.errors import UpstreamTimeoutError

if TYPE_CHECKING:
    from gateway.operation import Operation


class InFlightCap:
    """At most ``limit`` holders at once: ``acquire`` before sending, ``release`` after."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1; use no cap to turn it off")
        self.limit = limit
        self.in_flight = 0
        self._slots = asyncio.Semaphore(limit)

    async def acquire(self, operation: Operation | None = None) -> None:
        remaining = None if operation is None else operation.remaining()
        if remaining is None or not self._slots.locked():
            await self._slots.acquire()
        else:
            try:
                await asyncio.wait_for(self._slots.acquire(), remaining)
            except TimeoutError:
                raise UpstreamTimeoutError(
                    f"All {self.limit} requests allowed in flight to TMDB were busy until this "
                    "operation's deadline"
                ) from None
        self.in_flight += 1

    def release(self) -> None:
        self.in_flight -= 1
        self._slots.release()
