"""The shared back-off: one 429 pauses every request of the process, within their deadlines."""

from __future__ import annotations

import asyncio
import time

import pytest

from gateway.backoff import DEFAULT_PAUSE, Backoff
from gateway.operation import Operation
from tests.helpers import FakeClock
from tmdbfusion.errors import RateLimitError


async def test_an_open_gate_does_not_wait() -> None:
    clock = FakeClock()
    backoff = Backoff(clock=clock, sleep=clock.sleep)
    await backoff.wait(Operation(1, clock=clock))
    assert clock.sleeps == []


async def test_every_waiter_waits_out_the_one_pause() -> None:
    backoff = Backoff()  # real time, a pause of 50 ms
    backoff.pause(0.05)
    started = time.monotonic()

    async def wait() -> float:
        await backoff.wait(Operation(10))
        return time.monotonic() - started

    waited = await asyncio.gather(*(wait() for _ in range(3)))

    assert all(0.045 <= w < 0.5 for w in waited), waited
    assert backoff.remaining() == 0


async def test_a_later_pause_extends_an_earlier_one_and_never_shortens_it() -> None:
    clock = FakeClock()
    backoff = Backoff(clock=clock, sleep=clock.sleep)
    backoff.pause(2)
    backoff.pause(1)
    assert backoff.remaining() == 2
    clock.now += 1
    backoff.pause(3)
    assert backoff.remaining() == 3


async def test_without_retry_after_the_default_pause() -> None:
    clock = FakeClock()
    backoff = Backoff(clock=clock, sleep=clock.sleep)
    backoff.pause(None)
    assert backoff.remaining() == DEFAULT_PAUSE == 1.0


async def test_a_pause_extended_while_sleeping_is_waited_out_too() -> None:
    clock = FakeClock()

    async def sleep(seconds: float) -> None:
        await clock.sleep(seconds)
        if len(clock.sleeps) == 1:
            backoff.pause(0.5)  # another 429 arrived meanwhile

    backoff = Backoff(clock=clock, sleep=sleep)
    backoff.pause(1)
    await backoff.wait()
    assert clock.sleeps == [1, 0.5]


async def test_a_pause_past_the_deadline_fails_at_once() -> None:
    clock = FakeClock()
    backoff = Backoff(clock=clock, sleep=clock.sleep)
    backoff.pause(2)

    with pytest.raises(RateLimitError) as caught:
        await backoff.wait(Operation(1.5, clock=clock))

    assert clock.sleeps == []
    assert caught.value.retry_after == 2.0
    assert "deadline" in str(caught.value)
    # Without a deadline, or with time to spare, the same pause is waited out.
    await backoff.wait(Operation(2.5, clock=clock))
    assert clock.sleeps == [2]
