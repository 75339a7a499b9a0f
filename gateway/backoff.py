"""The process-wide pause after TMDB answers 429: one gate for every request, not one per request.

When TMDB says "slow down" it means the credential, not the one request it refused: every GET
the process sends during the pause would be refused too, and TMDB counts those against us. So a
429 closes this gate for its ``Retry-After`` (``DEFAULT_PAUSE`` when TMDB gives none), and every
request toward TMDB waits at it until it opens. A request whose operation's deadline comes
before the gate opens fails at once with ``RateLimitError`` (``UPSTREAM_RATE_LIMITED``, with
``retryAfter``) instead of sleeping towards a timeout.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Final

from tmdbfusion.errors import RateLimitError

if TYPE_CHECKING:
    from gateway.operation import Operation

# TMDB's 429 has carried Retry-After; a proxy's might not. One second is its rate window.
DEFAULT_PAUSE: Final = 1.0


class Backoff:
    """A gate that ``pause`` closes for some seconds and that ``wait`` waits at."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._until = 0.0

    def pause(self, seconds: float | None) -> None:
        """Close the gate for ``seconds`` from now (a later end already set is kept)."""
        if seconds is None:
            seconds = DEFAULT_PAUSE
        self._until = max(self._until, self._clock() + seconds)

    def remaining(self) -> float:
        """Seconds until the gate opens; 0 when it is open."""
        return max(0.0, self._until - self._clock())

    async def wait(self, operation: Operation | None = None) -> None:
        """Return once the gate is open; refuse at once if it opens after the deadline."""
        # A loop, because another 429 may extend the pause while this request sleeps.
        while (left := self.remaining()) > 0:
            refuse(left, operation)
            await self._sleep(left)


def refuse(pause: float, operation: Operation | None) -> None:
    """Raise ``RateLimitError`` if a pause of ``pause`` seconds outlasts the operation."""
    remaining = None if operation is None else operation.remaining()
    if remaining is not None and pause >= remaining:
        raise RateLimitError(
            f"TMDB asked us to slow down for {pause:.1f} s more, past this operation's deadline",
            retry_after=round(pause, 1),
        )
