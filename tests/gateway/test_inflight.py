"""The cap on requests in flight to TMDB: never more than the limit, waits within the deadline."""

from __future__ import annotations

import asyncio
import time

import pytest

from gateway.inflight import InFlightCap
from gateway.operation import Operation
from tmdbfusion.errors import UpstreamTimeoutError


async def test_never_more_than_the_limit_hold_a_slot() -> None:
    cap = InFlightCap(3)
    busy = 0
    peak = 0

    async def request() -> None:
        nonlocal busy, peak
        await cap.acquire(Operation(10))
        busy += 1
        peak = max(peak, busy)
        await asyncio.sleep(0.001)
        busy -= 1
        cap.release()

    await asyncio.gather(*(request() for _ in range(20)))

    assert peak == 3
    assert cap.in_flight == 0


async def test_a_wait_for_a_slot_ends_at_the_deadline() -> None:
    cap = InFlightCap(1)
    await cap.acquire()
    started = time.monotonic()

    with pytest.raises(UpstreamTimeoutError, match="1 requests allowed in flight"):
        await cap.acquire(Operation(0.05))

    assert 0.04 <= time.monotonic() - started < 0.5
    cap.release()
    await cap.acquire(Operation(0.05))  # the timed-out waiter took no slot
    assert cap.in_flight == 1


async def test_slots_go_to_waiters_in_arrival_order() -> None:
    cap = InFlightCap(1)
    await cap.acquire()
    order: list[int] = []

    async def request(n: int) -> None:
        await cap.acquire(Operation(10))
        order.append(n)
        cap.release()

    tasks = [asyncio.ensure_future(request(n)) for n in range(5)]
    await asyncio.sleep(0)
    cap.release()
    await asyncio.gather(*tasks)
    assert order == [0, 1, 2, 3, 4]


def test_the_limit_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        InFlightCap(0)
