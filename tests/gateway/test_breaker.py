"""The circuit breaker: open after consecutive failures, refuse at once, probe when half-open."""

from __future__ import annotations

import asyncio

import pytest

from gateway.breaker import CircuitBreaker, CircuitOpenError, State
from tests.helpers import FakeClock
from tmdbfusion.errors import (
    AuthenticationError,
    NotFoundError,
    RateLimitError,
    UpstreamConnectionError,
    UpstreamDecodeError,
    UpstreamError,
    UpstreamServerError,
    UpstreamTimeoutError,
)

UNAVAILABLE = UpstreamServerError("503", status_code=503)


def fail(breaker: CircuitBreaker, error: BaseException = UNAVAILABLE, times: int = 1) -> None:
    for _ in range(times):
        breaker.record(breaker.admit(), error)


def state(breaker: CircuitBreaker) -> State:
    """The breaker's state, read afresh (mypy would keep a narrowed ``breaker.state``)."""
    return breaker.state


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def changes() -> list[State]:
    return []


@pytest.fixture
def breaker(clock: FakeClock, changes: list[State]) -> CircuitBreaker:
    return CircuitBreaker(failures=5, cooldown=10, clock=clock, on_change=changes.append)


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(UpstreamServerError("500", status_code=500), id="500"),
        pytest.param(UNAVAILABLE, id="503"),
        pytest.param(UpstreamTimeoutError("slow"), id="timeout"),
        pytest.param(UpstreamConnectionError("refused"), id="refused"),
    ],
)
def test_consecutive_failures_open_it_and_then_it_refuses_at_once(
    breaker: CircuitBreaker, clock: FakeClock, changes: list[State], error: UpstreamError
) -> None:
    fail(breaker, error, times=4)
    assert state(breaker) is State.CLOSED
    fail(breaker, error)
    assert state(breaker) is State.OPEN
    assert changes == [State.OPEN]

    clock.now += 4
    with pytest.raises(CircuitOpenError) as caught:
        breaker.admit()
    assert caught.value.retry_after == 6.0
    assert caught.value.code == "UPSTREAM_CIRCUIT_OPEN"
    with pytest.raises(CircuitOpenError):
        breaker.check()


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(None, id="200"),
        pytest.param(NotFoundError("404", status_code=404), id="404"),
        pytest.param(RateLimitError("429", retry_after=1), id="429"),
        pytest.param(AuthenticationError("401", status_code=401), id="401"),
        pytest.param(UpstreamDecodeError("cut"), id="bad-body"),
    ],
)
def test_any_other_answer_resets_the_count_and_never_opens_it(
    breaker: CircuitBreaker, answer: UpstreamError | None
) -> None:
    fail(breaker, times=4)
    breaker.record(breaker.admit(), answer)
    fail(breaker, times=4)
    assert state(breaker) is State.CLOSED
    for _ in range(20):
        breaker.record(breaker.admit(), answer)
    assert state(breaker) is State.CLOSED


def test_after_the_cooldown_one_probe_goes_and_its_success_closes_it(
    breaker: CircuitBreaker, clock: FakeClock, changes: list[State]
) -> None:
    fail(breaker, times=5)
    clock.now += 10
    assert state(breaker) is State.HALF_OPEN

    probe = breaker.admit()
    assert probe is True
    with pytest.raises(CircuitOpenError, match="testing whether it is back"):
        breaker.admit()  # one probe at a time
    breaker.record(probe, None)

    assert state(breaker) is State.CLOSED
    assert changes == [State.OPEN, State.HALF_OPEN, State.CLOSED]
    assert breaker.admit() is False
    fail(breaker, times=4)  # the count started again
    assert state(breaker) is State.CLOSED


def test_a_failed_probe_opens_it_for_another_cooldown(
    breaker: CircuitBreaker, clock: FakeClock, changes: list[State]
) -> None:
    fail(breaker, times=5)
    clock.now += 10
    fail(breaker, UpstreamTimeoutError("slow"))  # the probe

    assert state(breaker) is State.OPEN
    clock.now += 9.9
    with pytest.raises(CircuitOpenError):
        breaker.admit()
    clock.now += 0.1
    assert breaker.admit() is True
    assert changes == [State.OPEN, State.HALF_OPEN, State.OPEN, State.HALF_OPEN]


def test_a_cancelled_probe_passes_its_turn_to_the_next_request(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    fail(breaker, times=5)
    clock.now += 10
    breaker.record(breaker.admit(), asyncio.CancelledError())
    assert state(breaker) is State.HALF_OPEN
    assert breaker.admit() is True


def test_answers_to_requests_sent_before_it_opened_do_not_decide(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    early = [breaker.admit() for _ in range(3)]
    fail(breaker, times=5)
    breaker.record(early[0], None)  # a late success does not close it
    assert state(breaker) is State.OPEN
    clock.now += 10
    probe = breaker.admit()
    breaker.record(early[1], UNAVAILABLE)  # nor does a late failure re-open it half-way
    breaker.record(early[2], None)
    with pytest.raises(CircuitOpenError):
        breaker.admit()
    breaker.record(probe, None)
    assert state(breaker) is State.CLOSED


def test_failures_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        CircuitBreaker(failures=0)
