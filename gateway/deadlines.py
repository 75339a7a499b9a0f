"""One timer for every request body being waited for, not one per request.

A body read has a time limit (``TMDBFUSION_BODY_TIMEOUT``): a client that sends its headers and
never its body must not hold a task and a connection for ever. A timer handle per read
(``loop.call_later`` and its ``cancel``) costs more than the rest of a response cache hit's own
work together (2.5 us against 0.2 us to register in a dict, uvloop), and nearly every body has
arrived with its headers, so the timer is almost never needed. Here a read registers its task
with the current sweep's number; while any read waits, a sweep runs every quarter of the limit
and cancels the reads registered five sweeps ago or earlier: each waits between the limit and
1.25 times it, then gets the 408. When nothing waits, no sweep is scheduled.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Final, TypeVar

from gateway.responses import RequestError

T = TypeVar("T")
# Sent with an answer given before the body was read to its end: the rest of it may never come.
CLOSE: Final = (b"connection", b"close")
_SWEEPS: Final = 4  # per time limit
_current_task: Final = asyncio.current_task


class Deadlines:
    """The time limit of every body read of one app: see the module's docstring."""

    __slots__ = ("_expired", "idle", "limit", "sweep", "waiting")

    def __init__(self, time_limit: float) -> None:
        self.limit = time_limit
        # Each waiting read's task, with the sweep it started in.
        self.waiting: dict[asyncio.Task[object], int] = {}
        # Tasks this cancelled, with their cancellation count before: asyncio.timeout's rule
        # tells a cancellation of ours from one by someone else.
        self._expired: dict[asyncio.Task[object], int] = {}
        self.sweep = 0
        self.idle = True  # no sweep scheduled: the next read schedules one

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

    def enter(self) -> asyncio.Task[object]:
        """Start the current task's wait: it must end in ``waiting.pop(task, None)``, and a
        cancellation meanwhile be asked ``ours`` (``within`` does both; the response cache's
        hit path does them inline, one coroutine call short)."""
        task: asyncio.Task[object] | None = _current_task()
        assert task is not None
        self.waiting[task] = self.sweep
        if self.idle:
            self.schedule()
        return task

    def ours(self, task: asyncio.Task[object]) -> bool:
        """Whether the cancellation ``task`` got is this one's, for its time limit; if so it is
        taken back (asyncio.timeout's rule: only if no one else cancelled it too)."""
        before = self._expired.pop(task, None)
        return before is not None and task.uncancel() <= before

    def schedule(self) -> None:
        """The next sweep, on the running loop (an app serves on one loop for its life)."""
        self.idle = False
        asyncio.get_running_loop().call_later(self.limit / _SWEEPS, self._run)

    def _run(self) -> None:
        self.idle = True
        self.sweep += 1
        waiting = self.waiting
        oldest = self.sweep - _SWEEPS - 1
        overdue = []
        for task, sweep in waiting.items():  # in registration order: oldest first
            if sweep > oldest:
                break
            overdue.append(task)
        for task in overdue:
            del waiting[task]
            self._expired[task] = task.cancelling()
            task.cancel()
        if waiting:
            self.schedule()


def timeout(time_limit: float) -> RequestError:
    return RequestError(
        408, f"The request body did not arrive within {time_limit:g} s", "REQUEST_TIMEOUT", (CLOSE,)
    )
