"""A token bucket that paces requests toward TMDB, shared fairly between operations.

Waiters queue per operation, and each token goes to the next operation in a round-robin of those
waiting, so one operation's fan-out of hundreds of GETs cannot hold back another's single GET for
longer than about one slot per other waiting operation. A wait that would end after the
operation's deadline is refused at once instead of being slept through.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from gateway import observe
from tmdbfusion.errors import RateLimitError

if TYPE_CHECKING:
    from gateway.operation import Operation


class RateLimiter:
    """Allows ``rate`` acquisitions per second, in bursts of up to ``burst`` (default ``rate``)."""

    def __init__(
        self,
        rate: float,
        *,
        burst: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive; use no limiter to turn limiting off")
        self._rate = rate
        self._capacity = burst or rate
        self._tokens = self._capacity
        self._clock = clock
        self._updated = clock()
        # The round-robin: operations with waiters, in the order they are served next. A dict
        # keeps insertion order, so serving one moves it to the end by re-inserting it.
        self._queues: dict[Operation | None, deque[asyncio.Future[None]]] = {}
        self._timer: asyncio.TimerHandle | None = None

    def _refill(self) -> float:
        now = self._clock()
        self._tokens = min(self._capacity, self._tokens + (now - self._updated) * self._rate)
        self._updated = now
        return now

    def expected_wait(self, operation: Operation | None) -> float:
        """Seconds a new waiter of ``operation`` would wait, if nobody else joined meanwhile.

        Round-robin serves each other waiting operation at most once for each turn of this one.
        """
        own = self._queues.get(operation)
        ahead = len(own) if own else 0
        turns = ahead + 1
        for other, queue in self._queues.items():
            if other is not operation:
                ahead += min(len(queue), turns)
        return max(0.0, (ahead + 1 - self._tokens) / self._rate)

    async def acquire(self, operation: Operation | None = None) -> None:
        now = self._refill()
        if not self._queues and self._tokens >= 1:
            self._tokens -= 1
            return
        deadline = None if operation is None else operation.deadline
        if deadline is not None:
            wait = self.expected_wait(operation)
            if now + wait > deadline:
                raise RateLimitError(
                    f"The TMDB rate limit would delay this request {wait:.1f} s, past the "
                    "operation's deadline",
                    retry_after=round(wait, 1),
                )
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._queues.get(operation)
        if queue is None:
            queue = self._queues[operation] = deque()
        queue.append(waiter)
        self._schedule()
        try:
            await waiter
            observe.ratelimit_wait(self._clock() - now)
        except asyncio.CancelledError:
            if waiter.cancelled():
                self._forget(operation, waiter)
            else:
                # Granted, but its caller was cancelled before it could send: give the slot back.
                self._tokens = min(self._capacity, self._tokens + 1)
                self._schedule()
            raise

    def _forget(self, operation: Operation | None, waiter: asyncio.Future[None]) -> None:
        queue = self._queues.get(operation)
        if queue is None:
            return
        try:
            queue.remove(waiter)
        except ValueError:
            return
        if not queue:
            del self._queues[operation]

    def _schedule(self) -> None:
        if self._timer is None and self._queues:
            delay = max(0.0, (1 - self._tokens) / self._rate)
            self._timer = asyncio.get_running_loop().call_later(delay, self._dispatch)

    def _dispatch(self) -> None:
        self._timer = None
        self._refill()
        queues = self._queues
        while self._tokens >= 1 and queues:
            operation = next(iter(queues))
            queue = queues.pop(operation)
            waiter = queue.popleft()
            # A cancelled waiter leaves the queue when its task next runs, maybe after this.
            if not waiter.cancelled():
                waiter.set_result(None)
                self._tokens -= 1
            if queue:
                queues[operation] = queue
        self._schedule()
