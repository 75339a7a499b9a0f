"""Body reads' time limits, one timer for all of them (gateway/deadlines.py)."""

from __future__ import annotations

import asyncio
import time

import pytest

from gateway.deadlines import Deadlines
from gateway.responses import RequestError

LIMIT = 0.08


async def never() -> bytes:
    await asyncio.Event().wait()
    raise AssertionError("unreachable")


async def after(seconds: float) -> bytes:
    await asyncio.sleep(seconds)
    return b"body"


async def test_a_read_that_never_ends_gets_the_408_after_the_limit() -> None:
    deadlines = Deadlines(LIMIT)
    started = time.monotonic()

    with pytest.raises(RequestError) as raised:
        await deadlines.within(never())

    waited = time.monotonic() - started
    assert raised.value.status == 408
    assert raised.value.code == "REQUEST_TIMEOUT"
    assert LIMIT <= waited < LIMIT * 1.25 + 0.05  # the sweep's granularity, and a busy loop


async def test_only_the_overdue_read_is_cancelled() -> None:
    deadlines = Deadlines(LIMIT)
    stuck = asyncio.create_task(deadlines.within(never()))
    await asyncio.sleep(LIMIT / 2)
    late = asyncio.create_task(deadlines.within(after(LIMIT * 0.6)))  # ends past stuck's limit

    assert await late == b"body"
    with pytest.raises(RequestError):
        await stuck


async def test_a_finished_read_is_never_cancelled_afterwards() -> None:
    deadlines = Deadlines(LIMIT)
    assert await deadlines.within(after(LIMIT / 2)) == b"body"

    await asyncio.sleep(LIMIT * 2)  # past its limit: no stray cancellation arrives

    assert deadlines.loop is None  # and with nothing waiting, no sweep is scheduled


async def test_someone_elses_cancellation_stays_a_cancellation() -> None:
    deadlines = Deadlines(60)
    task = asyncio.create_task(deadlines.within(never()))
    await asyncio.sleep(0.01)

    task.cancel()

    with pytest.raises(asyncio.CancelledError):
        await task
    assert deadlines.waiting == {}


async def test_a_cancellation_at_the_deadline_by_someone_else_is_not_swallowed() -> None:
    # Both cancel the same read: the 408 must not hide the other's cancellation.
    deadlines = Deadlines(LIMIT)
    task = asyncio.create_task(deadlines.within(never()))
    while not deadlines.expired:
        await asyncio.sleep(0)
        if task.done():
            break
    task.cancel()

    with pytest.raises(asyncio.CancelledError):
        await task


async def test_a_cancellation_by_someone_else_before_the_sweep_is_not_a_408() -> None:
    deadlines = Deadlines(LIMIT)
    task = asyncio.create_task(deadlines.within(never()))
    await asyncio.sleep(0)
    deadlines.sweep += 10  # the read is overdue at the next sweep

    task.cancel()  # someone else's, not yet delivered when the sweep runs
    deadlines._run()

    with pytest.raises(asyncio.CancelledError):
        await task
    assert deadlines.expired == set()


async def test_a_read_that_catches_the_cancellation_leaves_none_pending() -> None:
    deadlines = Deadlines(LIMIT)

    async def stubborn() -> bytes:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            return b"caught"
        raise AssertionError("unreachable")

    async def read() -> tuple[bytes, int]:
        got = await deadlines.within(stubborn())
        task = asyncio.current_task()
        assert task is not None
        return got, task.cancelling()

    assert await asyncio.create_task(read()) == (b"caught", 0)
    assert deadlines.expired == set()


def test_a_new_event_loop_gets_its_own_sweeps() -> None:
    # A loop closed with a sweep pending (a test's, TestClient's) must not leave the next
    # loop's reads without one.
    deadlines = Deadlines(LIMIT)

    async def quick() -> bytes:
        return await deadlines.within(after(0))

    async def stuck() -> None:
        await deadlines.within(never())

    assert asyncio.run(quick()) == b"body"
    assert deadlines.loop is not None  # the first loop's sweep, never to run

    with pytest.raises(RequestError):
        asyncio.run(asyncio.wait_for(stuck(), timeout=5))
