"""One GraphQL operation as the upstream layers see it: who asks, until when, and whether still.

The HTTP view makes one per request and hands it through the request's context, the loader and
the shared upstream layer down to the TMDB client's GET. There it is the unit the rate limiter
shares out fairly, its deadline bounds every wait on TMDB, and cancelling it (the client went
away) releases the upstream work that only it was waiting for.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from typing import TypeVar

from tmdbfusion.errors import UpstreamTimeoutError

T = TypeVar("T")

_ids = itertools.count(1)


class OperationCancelledError(Exception):
    """The operation was cancelled (its client disconnected); nobody waits for this result."""


class Operation:
    """An operation's identity, its deadline on the ``time.monotonic`` clock, and its end."""

    __slots__ = ("_clock", "_ended", "_on_first_wait", "deadline", "id")

    def __init__(
        self, timeout: float | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.id = next(_ids)
        self._clock = clock
        self.deadline = clock() + timeout if timeout else None
        self._ended: asyncio.Future[None] | None = None
        self._on_first_wait: Callable[[], object] | None = None

    def __repr__(self) -> str:
        return f"<Operation {self.id}>"

    def remaining(self) -> float | None:
        """Seconds left before the deadline (never below zero), or ``None`` without one."""
        if self.deadline is None:
            return None
        return max(0.0, self.deadline - self._clock())

    @property
    def cancelled(self) -> bool:
        return self._ended is not None and self._ended.done()

    def cancel(self) -> None:
        """End the operation: every wait on TMDB it is in gives up at once."""
        if self._ended is None:
            self._ended = asyncio.get_running_loop().create_future()
        if not self._ended.done():
            self._ended.set_result(None)

    def on_first_wait(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` when the operation first waits on TMDB (never, if it never does)."""
        self._on_first_wait = callback

    def check(self) -> None:
        """Raise if the operation may no longer start anything upstream."""
        if self.cancelled:
            raise OperationCancelledError(f"operation {self.id} was cancelled")
        if self.remaining() == 0:
            raise UpstreamTimeoutError("The operation's deadline passed before TMDB was asked")

    async def wait(self, task: asyncio.Future[T]) -> T:
        """The result of ``task``, unless the deadline passes or the operation is cancelled first.

        ``task`` itself is left running either way: whether anyone else still needs it is the
        caller's decision.
        """
        if self._on_first_wait is not None:
            callback, self._on_first_wait = self._on_first_wait, None
            callback()
        if self._ended is None:
            self._ended = asyncio.get_running_loop().create_future()
        ended = self._ended
        done, _ = await asyncio.wait(
            (task, ended), timeout=self.remaining(), return_when=asyncio.FIRST_COMPLETED
        )
        if task in done:
            return task.result()
        if ended in done:
            raise OperationCancelledError(f"operation {self.id} was cancelled")
        raise UpstreamTimeoutError("The operation's deadline passed before TMDB answered")
