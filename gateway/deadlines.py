"""One timer for every request body being waited for, not one per request.

A body read has a time limit (``TMDBFUSION_BODY_TIMEOUT``): a client that sends its headers and
never its body must not hold a task and a connection for ever. A timer handle per read
(``loop.call_later`` and its ``cancel``) costs more than the rest of a response cache hit's own
work together (2.5 us against 0.2 us to register in a dict, uvloop), and nearly every body has
arrived with its headers, so the timer is almost never needed. Here a read registers its task
with the current sweep's number; while any read waits, a sweep runs every quarter of the limit
and cancels the reads registered five sweeps ago or earlier: each waits between the limit and
1.25 times it, then gets the 408. When nothing waits, no sweep is scheduled. A task someone else
is cancelling already is left to that cancellation (a task whose earlier cancellation was caught
and never taken back, which asyncio's own tasks never leave, is not timed out here).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, Final, TypeVar

from gateway.responses import RequestError

T = TypeVar("T")
# Sent with an answer given before the body was read to its end: the rest of it may never come.
CLOSE: Final = (b"connection", b"close")
_SWEEPS: Final = 4  # per time limit
_current_task: Final = asyncio.current_task
_running_loop: Final = asyncio.get_running_loop


class Deadlines:
    """The time limit of every body read of one app: see the module's docstring."""

    __slots__ = ("expired", "limit", "loop", "sweep", "waiting")

    def __init__(self, time_limit: float) -> None:
        self.limit = time_limit
        # Each waiting read's task, with the sweep it started in.
        self.waiting: dict[asyncio.Task[Any], int] = {}
        # Tasks a sweep cancelled. A sweep cancels only tasks no one else is cancelling, so
        # ``uncancel()`` back to 0 tells that the cancellation is ours alone (asyncio.timeout's
        # rule).
        self.expired: set[asyncio.Task[Any]] = set()
        self.sweep = 0
        # The loop the next sweep is scheduled on; None when none is. A loop that closed with a
        # sweep pending (a test's, TestClient's) is not this one, so the next read schedules.
        self.loop: asyncio.AbstractEventLoop | None = None

    async def within(self, awaitable: Awaitable[T]) -> T:
        """``awaitable``'s result, or the 408 ``RequestError`` once the time limit passes."""
        task = self.enter()
        try:
            return await awaitable
        except asyncio.CancelledError:
            if self.ours(task):
                raise timeout(self.limit) from None
            raise
        finally:
            self.waiting.pop(task, None)
            if self.expired:
                self.settle(task)

    def enter(self) -> asyncio.Task[Any]:
        """Start the current task's wait. What ``within`` does around it, the response cache's
        hit path does inline, one coroutine call short: on a cancellation, ``ours``; at the
        end, ``waiting.pop(task, None)`` then, if ``expired``, ``settle``."""
        loop = _running_loop()
        task = _current_task(loop)
        assert task is not None
        self.waiting[task] = self.sweep
        if self.loop is not loop:
            self.schedule(loop)
        return task

    def ours(self, task: asyncio.Task[Any]) -> bool:
        """Whether the cancellation ``task`` got is this one's, for its time limit; if so it is
        taken back (asyncio.timeout's rule: only if no one else cancelled it too)."""
        expired = self.expired
        if task not in expired:
            return False
        expired.discard(task)
        return task.uncancel() == 0

    def settle(self, task: asyncio.Task[Any]) -> None:
        """A read that ended without raising though a sweep cancelled it (it caught the
        cancellation itself): the cancellation is taken back, so none is left pending."""
        if task in self.expired:
            self.expired.discard(task)
            task.uncancel()

    def schedule(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        loop.call_later(self.limit / _SWEEPS, self._run)

    def _run(self) -> None:
        self.loop = None
        self.sweep += 1
        waiting = self.waiting
        oldest = self.sweep - _SWEEPS - 1
        overdue = []
        for task, sweep in waiting.items():  # in registration order: oldest first
            if sweep > oldest:
                break
            overdue.append(task)
        for task in overdue:
            # Someone else cancelled it first: it ends with their cancellation (and leaves
            # ``waiting`` itself); a 408 must not take its place.
            if task.cancelling():
                continue
            del waiting[task]
            self.expired.add(task)
            task.cancel()
        if waiting:
            self.schedule(_running_loop())


def timeout(time_limit: float) -> RequestError:
    return RequestError(
        408, f"The request body did not arrive within {time_limit:g} s", "REQUEST_TIMEOUT", (CLOSE,)
    )
