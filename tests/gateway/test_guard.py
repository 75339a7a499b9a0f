"""The layers around one GET, over plain async callables: retries, back-off, breaker, cap, order."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import pytest

from gateway.backoff import Backoff
from gateway.breaker import CircuitBreaker, CircuitOpenError, State
from gateway.config import Settings
from gateway.guard import UpstreamGuard
from gateway.inflight import InFlightCap
from gateway.operation import Operation
from gateway.ratelimit import RateLimiter
from gateway.retry import RetryPolicy
from tests.helpers import FakeClock
from tmdbfusion.errors import (
    NotFoundError,
    RateLimitError,
    UpstreamError,
    UpstreamServerError,
    UpstreamTimeoutError,
)


def unavailable(n: int = 0) -> UpstreamServerError:
    return UpstreamServerError(f"TMDB answered 503 (attempt {n})", status_code=503)


class Upstream:
    """A fake TMDB for one kind of request: answers ``script`` in turn, then the last forever.

    Each entry is an error to raise or a value to return; ``times`` records ``now()`` at each
    attempt.
    """

    def __init__(self, now: Callable[[], float], *script: object) -> None:
        self.now = now
        self.script = list(script)
        self.times: list[float] = []

    async def __call__(self) -> str:
        self.times.append(self.now())
        answer = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        await asyncio.sleep(0)
        if isinstance(answer, BaseException):
            raise answer
        return str(answer)

    @property
    def attempts(self) -> int:
        return len(self.times)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def guard(clock: FakeClock, **layers: object) -> UpstreamGuard:
    """A guard on the fake clock: retries drawn at the middle of their range unless given."""
    layers.setdefault("retry", RetryPolicy(retries=2, base=0.2, draw=lambda: 0.5))
    layers.setdefault("backoff", Backoff(clock=clock, sleep=clock.sleep))
    return UpstreamGuard(sleep=clock.sleep, **layers)  # type: ignore[arg-type]


# --- retries -------------------------------------------------------------------------------------


async def test_a_one_off_503_is_retried_once(clock: FakeClock) -> None:
    upstream = Upstream(clock, unavailable(), "movie")

    assert await guard(clock).call(upstream, Operation(10, clock=clock)) == "movie"

    assert upstream.attempts == 2
    assert clock.sleeps == [0.1]  # half of base (0.2) for the first retry


async def test_retries_stop_at_the_cap_with_the_last_error(clock: FakeClock) -> None:
    upstream = Upstream(clock, unavailable(1), unavailable(2), unavailable(3), "never")

    with pytest.raises(UpstreamServerError, match="attempt 3"):
        await guard(clock).call(upstream, Operation(10, clock=clock))

    assert upstream.attempts == 3
    assert clock.sleeps == [0.1, 0.2]  # full jitter's bound doubles: 0.2, then 0.4


async def test_no_retry_whose_wait_would_reach_the_deadline(clock: FakeClock) -> None:
    upstream = Upstream(clock, unavailable(), "movie")
    slow_retry = RetryPolicy(retries=2, base=1.0, draw=lambda: 0.5)

    with pytest.raises(UpstreamServerError):
        await guard(clock, retry=slow_retry).call(upstream, Operation(0.5, clock=clock))

    assert upstream.attempts == 1
    assert clock.sleeps == []


async def test_a_timeout_that_ate_the_deadline_is_not_retried(clock: FakeClock) -> None:
    operation = Operation(1, clock=clock)

    async def slow() -> str:
        clock.now += 1  # TMDB took the whole deadline to time out
        raise UpstreamTimeoutError("TMDB did not answer /movie/550 in time")

    with pytest.raises(UpstreamTimeoutError):
        await guard(clock).call(slow, operation)
    assert clock.sleeps == []


async def test_a_404_is_final(clock: FakeClock) -> None:
    upstream = Upstream(clock, NotFoundError("404", status_code=404), "never")
    with pytest.raises(NotFoundError):
        await guard(clock).call(upstream, Operation(10, clock=clock))
    assert upstream.attempts == 1


# --- the shared back-off -------------------------------------------------------------------------


async def test_a_429_pauses_every_request_for_its_retry_after() -> None:
    # Real time, a Retry-After of 50 ms: the gate must hold the others back while the first
    # request sleeps, which a fake clock's instant sleep would hide.
    layers = UpstreamGuard(retry=RetryPolicy(retries=2, draw=lambda: 0.0))
    limited = Upstream(time.monotonic, RateLimitError("429", retry_after=0.05), "movie")
    other = Upstream(time.monotonic, "person")

    first = asyncio.ensure_future(layers.call(limited, Operation(10)))
    for _ in range(3):  # the first attempt is sent and its 429 lands
        await asyncio.sleep(0)
    assert layers.backoff.remaining() > 0.04
    landed = time.monotonic()
    assert await layers.call(other, Operation(10)) == "person"
    assert await first == "movie"

    # Another operation's GET waited at the same gate, and the retry waited out Retry-After.
    assert time.monotonic() - landed >= 0.045
    assert other.times[0] - landed >= 0.045
    assert limited.times[1] - limited.times[0] >= 0.05


async def test_a_pause_past_the_deadline_refuses_without_sending(clock: FakeClock) -> None:
    layers = guard(clock)
    layers.backoff.pause(3)
    upstream = Upstream(clock, "movie")

    with pytest.raises(RateLimitError) as caught:
        await layers.call(upstream, Operation(2, clock=clock))

    assert caught.value.retry_after == 3.0
    assert upstream.attempts == 0
    assert clock.sleeps == []


async def test_a_429_whose_retry_after_outlasts_the_deadline_fails_with_it(
    clock: FakeClock,
) -> None:
    upstream = Upstream(clock, RateLimitError("TMDB answered 429", retry_after=5.0), "movie")
    with pytest.raises(RateLimitError, match="TMDB answered 429"):
        await guard(clock).call(upstream, Operation(2, clock=clock))
    assert upstream.attempts == 1


# --- the circuit breaker -------------------------------------------------------------------------


async def test_each_attempt_counts_and_an_opening_breaker_ends_the_retries(
    clock: FakeClock,
) -> None:
    breaker = CircuitBreaker(failures=2, cooldown=5, clock=clock)
    layers = guard(clock, breaker=breaker, retry=RetryPolicy(retries=5, draw=lambda: 0.5))
    upstream = Upstream(clock, unavailable())

    with pytest.raises(CircuitOpenError):
        await layers.call(upstream, Operation(10, clock=clock))

    assert upstream.attempts == 2
    assert breaker.state is State.OPEN


async def test_an_open_breaker_takes_no_token_and_sends_nothing(clock: FakeClock) -> None:
    breaker = CircuitBreaker(failures=1, cooldown=5, clock=clock)
    limiter = RateLimiter(1, clock=clock)  # one token: a refused request must not take it
    layers = guard(clock, breaker=breaker, limiter=limiter, retry=RetryPolicy(retries=0))
    with pytest.raises(UpstreamServerError):
        await layers.call(Upstream(clock, unavailable()), Operation(10, clock=clock))
    clock.now += 1  # the bucket is full again

    upstream = Upstream(clock, "movie")
    with pytest.raises(CircuitOpenError):
        await layers.call(upstream, Operation(10, clock=clock))

    assert upstream.attempts == 0
    # The token is still there: taking it does not wait (nor refuse, short as the deadline is).
    await limiter.acquire(Operation(0.001, clock=clock))


async def test_a_404_never_opens_it(clock: FakeClock) -> None:
    breaker = CircuitBreaker(failures=2, cooldown=5, clock=clock)
    layers = guard(clock, breaker=breaker)
    for _ in range(5):
        with pytest.raises(NotFoundError):
            await layers.call(
                Upstream(clock, NotFoundError("404", status_code=404)), Operation(10, clock=clock)
            )
    assert breaker.state is State.CLOSED


# --- the in-flight cap ---------------------------------------------------------------------------


async def test_an_attempt_holds_a_slot_only_while_it_is_sent(clock: FakeClock) -> None:
    cap = InFlightCap(1)
    held: list[int] = []

    async def sleep(seconds: float) -> None:
        held.append(cap.in_flight)
        await clock.sleep(seconds)

    layers = UpstreamGuard(cap=cap, retry=RetryPolicy(retries=2, draw=lambda: 0.5), sleep=sleep)
    upstream = Upstream(clock, unavailable(), unavailable(), "movie")
    assert await layers.call(upstream, Operation(10, clock=clock)) == "movie"

    assert held == [0, 0]  # no slot held through either backoff
    assert cap.in_flight == 0


async def test_a_cancelled_call_gives_back_its_slot_and_its_probe(clock: FakeClock) -> None:
    cap = InFlightCap(1)
    breaker = CircuitBreaker(failures=1, cooldown=5, clock=clock)
    layers = guard(clock, cap=cap, breaker=breaker, retry=RetryPolicy(retries=0))
    with pytest.raises(UpstreamServerError):
        await layers.call(Upstream(clock, unavailable()), None)
    clock.now += 5
    hanging = asyncio.Event()

    async def never() -> str:
        await hanging.wait()
        return "never"

    probe = asyncio.ensure_future(layers.call(never, None))
    await asyncio.sleep(0)
    assert cap.in_flight == 1
    probe.cancel()
    with pytest.raises(asyncio.CancelledError):
        await probe

    assert cap.in_flight == 0
    assert await layers.call(Upstream(clock, "movie"), None) == "movie"  # the next probe
    assert breaker.state is State.CLOSED


# --- from the settings ---------------------------------------------------------------------------


def test_the_settings_pick_the_layers() -> None:
    full = UpstreamGuard.from_settings(Settings(rate_limit=40, max_in_flight=20, workers=2))
    assert full.breaker is not None
    assert (full.breaker.failures, full.breaker.cooldown) == (5, 10)
    assert full.limiter is not None
    assert full.cap is not None
    assert full.cap.limit == 10  # half of 20 for each of two workers
    assert full.retry == RetryPolicy(retries=2, base=0.2, cap=2.0)

    bare = UpstreamGuard.from_settings(
        Settings(rate_limit=0, max_in_flight=0, breaker_failures=0, retries=0)
    )
    assert (bare.breaker, bare.limiter, bare.cap) == (None, None, None)
    assert bare.retry.retries == 0


Attempt = Callable[[], Awaitable[str]]


@pytest.mark.parametrize("error", [ValueError("a bug"), UpstreamError("other")])
async def test_errors_that_are_not_tmdb_faults_are_not_retried(
    clock: FakeClock, error: Exception
) -> None:
    upstream: Attempt = Upstream(clock, error, "never")
    with pytest.raises(type(error)):
        await guard(clock).call(upstream, None)
    assert clock.sleeps == []
