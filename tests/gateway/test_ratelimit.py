"""The rate limiter: a token bucket served round-robin across operations, within their deadlines.

Real time at small slots (5 to 100 ms), with a burst of one where the order of grants is asserted:
a bucket that holds one token at most grants exactly one waiter per slot, however late the loop
runs its timer, so the order is deterministic.
"""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
import respx

from gateway.config import Settings
from gateway.fetch import TMDBFetch, build_client
from gateway.operation import Operation
from gateway.ratelimit import RateLimiter
from tests.helpers import API_KEY, TMDB, TOKEN, ok
from tmdbfusion.errors import RateLimitError
from tmdbfusion.resources import TABLE

MOVIE = TABLE["movies.details"]

AUTH_MODES = [
    pytest.param(Settings(read_access_token=TOKEN, base_url=TMDB), id="bearer"),
    pytest.param(Settings(api_key=API_KEY, base_url=TMDB), id="api-key"),
]


async def take(
    limiter: RateLimiter, operation: Operation | None, name: str, log: list[str]
) -> None:
    await limiter.acquire(operation)
    log.append(name)


async def queue(
    limiter: RateLimiter, operation: Operation | None, name: str, log: list[str], n: int
) -> list[asyncio.Task[None]]:
    """Start ``n`` acquisitions of ``operation`` and let them all reach the limiter."""
    tasks = [asyncio.ensure_future(take(limiter, operation, name, log)) for _ in range(n)]
    await asyncio.sleep(0)
    return tasks


async def test_a_burst_passes_at_once_then_callers_wait_their_slot() -> None:
    limiter = RateLimiter(100, burst=3)  # a slot is 10 ms
    log: list[str] = []
    started = time.monotonic()

    tasks = await queue(limiter, None, "x", log, 5)
    assert len(log) == 3  # the burst, without waiting for a timer
    await asyncio.gather(*tasks)

    assert len(log) == 5
    assert time.monotonic() - started >= 0.019  # the two past the burst waited a slot each


async def test_a_single_request_waits_one_slot_not_behind_another_operations_fan_out() -> None:
    limiter = RateLimiter(200, burst=1)  # a slot is 5 ms
    hostile, benign = Operation(), Operation()
    log: list[str] = []

    fan_out = await queue(limiter, hostile, "hostile", log, 20)
    started = time.monotonic()
    await take(limiter, benign, "benign", log)
    waited = time.monotonic() - started
    await asyncio.gather(*fan_out)

    # The hostile operation's first request took the token; of its 19 queued, one more goes
    # before the benign request's turn comes.
    assert log[:3] == ["hostile", "hostile", "benign"]
    assert len(log) == 21
    assert waited < 0.05  # two slots are 10 ms; the whole fan-out would be 95 ms


async def test_tokens_go_round_robin_across_waiting_operations() -> None:
    limiter = RateLimiter(200, burst=1)
    a, b, c = Operation(), Operation(), Operation()
    log: list[str] = []

    tasks = await queue(limiter, a, "a", log, 4)
    tasks += await queue(limiter, b, "b", log, 3)
    tasks += await queue(limiter, c, "c", log, 1)
    await asyncio.gather(*tasks)

    assert log == ["a", "a", "b", "c", "a", "b", "a", "b"]


async def test_a_wait_past_the_deadline_fails_at_once() -> None:
    limiter = RateLimiter(10, burst=1)  # a slot is 100 ms
    operation = Operation(0.25)
    log: list[str] = []

    # Granted now, at 100 ms and at 200 ms: all within the deadline.
    waiting = await queue(limiter, operation, "in time", log, 3)
    started = time.monotonic()
    with pytest.raises(RateLimitError) as raised:
        await limiter.acquire(operation)  # would be granted at 300 ms

    assert time.monotonic() - started < 0.05
    assert raised.value.retry_after == pytest.approx(0.3, abs=0.05)
    await asyncio.gather(*waiting)
    assert log == ["in time"] * 3


async def test_the_deadline_counts_the_other_operations_turns() -> None:
    limiter = RateLimiter(10, burst=1)
    log: list[str] = []
    waiting = await queue(limiter, Operation(), "first", log, 3)  # one now, two queued

    # Round-robin: the first operation's next request at 100 ms, this one's at 200 ms.
    with pytest.raises(RateLimitError):
        await limiter.acquire(Operation(0.15))
    for task in waiting:
        task.cancel()
    await asyncio.gather(*waiting, return_exceptions=True)


async def test_cancelled_waiters_leave_the_queue() -> None:
    limiter = RateLimiter(10, burst=1)
    log: list[str] = []
    gone = await queue(limiter, Operation(), "gone", log, 10)
    for task in gone[1:]:
        task.cancel()
    await asyncio.gather(*gone, return_exceptions=True)

    # Were the nine cancelled still queued, this would have to wait behind one of them (200 ms).
    started = time.monotonic()
    await limiter.acquire(Operation(0.15))

    assert time.monotonic() - started < 0.14
    assert log == ["gone"]


@pytest.mark.parametrize("settings", AUTH_MODES)
async def test_the_client_waits_for_the_limiter_as_its_operation(
    tmdb: respx.Router, settings: Settings
) -> None:
    route = tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))
    operation = Operation(0.5)

    async with build_client(settings, httpx.MockTransport(tmdb.async_handler)) as client:
        fetch = TMDBFetch(client, rate_limit=1)  # a burst of one, then a token a second
        await fetch(MOVIE, (550,), None, (), operation)
        with pytest.raises(RateLimitError):
            await fetch(MOVIE, (550,), None, (), operation)

    assert [call.request.url.path for call in route.calls] == ["/3/movie/550"]


@pytest.mark.parametrize("settings", AUTH_MODES)
async def test_rate_zero_sends_without_a_limiter(tmdb: respx.Router, settings: Settings) -> None:
    route = tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    async with build_client(settings, httpx.MockTransport(tmdb.async_handler)) as client:
        fetch = TMDBFetch(client, rate_limit=0)
        for _ in range(10):
            await fetch(MOVIE, (550,), None, (), Operation(0.001))

    assert route.call_count == 10


def test_the_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        RateLimiter(0)
