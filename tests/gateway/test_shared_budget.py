"""The budget shared through a real redis-server: one bucket and one pause per credential.

Each ``SharedBudget`` below has a Redis connection of its own, as separate processes would: only
Redis is shared between them. Real time, in slots of 50 to 250 ms.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack

import pytest
import redis

from gateway.availability import Availability
from gateway.config import Settings
from gateway.operation import Operation
from gateway.shared_budget import SharedBudget, budget_key
from gateway.upstream import connect
from tests.helpers import API_KEY, TOKEN
from tmdbfusion.errors import RateLimitError

Budgets = Callable[..., SharedBudget]


@pytest.fixture
async def budgets(redis_url: str) -> AsyncIterator[Budgets]:
    """Makes budgets, each over its own connection to ``redis_url`` (or the URL given)."""
    async with AsyncExitStack() as stack:

        def make(
            credential: str = TOKEN, rate: float = 20, burst: float | None = None, url: str = ""
        ) -> SharedBudget:
            client = connect(Settings(redis_timeout=0.2), url or redis_url)
            stack.push_async_callback(client.aclose)
            return SharedBudget(
                client,
                credential=credential,
                rate=rate,
                burst=burst,
                timeout=0.2,
                availability=Availability("Redis", fallback="pacing this process alone"),
            )

        yield make


async def timed(budget: SharedBudget, operation: Operation | None = None) -> float:
    started = time.monotonic()
    await budget.acquire(operation)
    return time.monotonic() - started


async def test_a_burst_then_one_token_per_slot(budgets: Budgets) -> None:
    budget = budgets(rate=20, burst=2)  # a slot is 50 ms
    started = time.monotonic()
    for _ in range(5):
        await budget.acquire(None)
    # Two at once, then three slots.
    assert 0.14 <= time.monotonic() - started < 0.4


async def test_processes_with_one_credential_share_one_bucket(budgets: Budgets) -> None:
    a, b = budgets(rate=10, burst=2), budgets(rate=10, burst=2)  # a slot is 100 ms
    started = time.monotonic()
    await asyncio.gather(*(budget.acquire(None) for budget in (a, b, a, b, a, b)))
    # Six tokens of one bucket: two at once, then four slots; two buckets would take 200 ms.
    assert 0.38 <= time.monotonic() - started < 0.8


async def test_each_credential_has_its_own_bucket(budgets: Budgets) -> None:
    token, key = budgets(TOKEN, rate=10, burst=2), budgets(API_KEY, rate=10, burst=2)
    started = time.monotonic()
    await asyncio.gather(*(budget.acquire(None) for budget in (token, key, token, key)))
    assert time.monotonic() - started < 0.15  # one bucket would take two slots, 0.2 s


async def test_a_wait_past_the_deadline_is_refused_and_reserves_nothing(
    budgets: Budgets,
) -> None:
    budget = budgets(rate=4, burst=1)  # a slot is 250 ms
    await budget.acquire(None)

    started = time.monotonic()
    with pytest.raises(RateLimitError, match="shared by every gateway process") as caught:
        await budget.acquire(Operation(0.1))
    assert time.monotonic() - started < 0.1
    assert caught.value.retry_after == pytest.approx(0.2, abs=0.06)
    # The refused request took no token: the next one waits one slot, not two.
    assert 0.15 <= await timed(budget, Operation(1)) < 0.35


async def test_a_pause_set_by_one_process_holds_back_the_others(budgets: Budgets) -> None:
    limited, other = budgets(), budgets()
    await limited.pause(0.2)
    await limited.pause(0.05)  # a shorter pause does not shorten it

    assert 0.17 <= await timed(other, Operation(1)) < 0.4
    assert await timed(other, Operation(1)) < 0.1  # over


async def test_a_pause_past_the_deadline_is_refused_at_once(budgets: Budgets) -> None:
    limited, other = budgets(), budgets()
    await limited.pause(1)

    started = time.monotonic()
    with pytest.raises(RateLimitError, match="past this operation's deadline") as caught:
        await other.acquire(Operation(0.3))

    assert time.monotonic() - started < 0.2
    assert 0.9 <= (caught.value.retry_after or 0) <= 1.0


async def test_redis_keys_hold_a_hash_never_the_credential(
    budgets: Budgets, redis_url: str
) -> None:
    for credential in (TOKEN, API_KEY):
        budget = budgets(credential)
        await budget.acquire(None)
        await budget.pause(5)

    with redis.Redis.from_url(redis_url) as client:
        keys = {k.decode() for k in client.keys("*")}
    assert keys == {
        f"{budget_key(c)}:{kind}" for c in (TOKEN, API_KEY) for kind in ("bucket", "pause")
    }
    assert not any(c in k for k in keys for c in (TOKEN, API_KEY))


async def test_without_redis_the_process_goes_on_alone(
    budgets: Budgets, closed_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="gateway.availability")
    budget = budgets(rate=1, burst=1, url=f"redis://127.0.0.1:{closed_port}/0")

    started = time.monotonic()
    for _ in range(5):  # five at once from a bucket of one: Redis is not limiting anything
        await budget.acquire(Operation(1))
    await budget.pause(10)
    await budget.acquire(Operation(1))

    assert time.monotonic() - started < 0.5
    [warning] = [r.getMessage() for r in caplog.records]
    assert warning.startswith("Redis unavailable (ConnectionError")
    assert warning.endswith("pacing this process alone until it answers again")
