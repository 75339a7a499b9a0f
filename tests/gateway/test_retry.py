"""The retry policy: which errors, how long (full jitter, Retry-After as the least), how often."""

from __future__ import annotations

import random

import pytest

from gateway.breaker import CircuitOpenError
from gateway.retry import RetryPolicy, retryable
from tmdbfusion.errors import (
    AuthenticationError,
    NotFoundError,
    RateLimitError,
    UpstreamConnectionError,
    UpstreamDecodeError,
    UpstreamError,
    UpstreamServerError,
    UpstreamStatusError,
    UpstreamTimeoutError,
)


def status(code: int) -> UpstreamStatusError:
    if code == 429:
        return RateLimitError("429")
    cls = UpstreamServerError if code >= 500 else UpstreamStatusError
    return cls(str(code), status_code=code)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        pytest.param(UpstreamConnectionError("refused"), True, id="refused"),
        pytest.param(UpstreamTimeoutError("slow"), True, id="timeout"),
        pytest.param(status(429), True, id="429"),
        pytest.param(status(502), True, id="502"),
        pytest.param(status(503), True, id="503"),
        pytest.param(status(504), True, id="504"),
        pytest.param(status(500), False, id="500"),
        pytest.param(status(501), False, id="501"),
        pytest.param(NotFoundError("404", status_code=404), False, id="404"),
        pytest.param(AuthenticationError("401", status_code=401), False, id="401"),
        pytest.param(status(422), False, id="422"),
        pytest.param(UpstreamDecodeError("cut"), False, id="bad-body"),
        pytest.param(CircuitOpenError("open", retry_after=3), False, id="circuit-open"),
        pytest.param(ValueError("a bug"), False, id="not-upstream"),
    ],
)
def test_only_faults_a_second_attempt_can_cure_are_retried(
    error: Exception, expected: bool
) -> None:
    assert retryable(error) is expected
    policy = RetryPolicy(retries=2, draw=lambda: 0.5)
    assert (policy.next_wait(0, error, None) is not None) is expected


def test_the_jitter_bound_doubles_from_base_up_to_cap() -> None:
    policy = RetryPolicy(retries=10, base=0.2, cap=2.0, draw=lambda: 0.999999)
    bounds = [round(policy.backoff(n, status(503)), 3) for n in range(6)]
    assert bounds == [0.2, 0.4, 0.8, 1.6, 2.0, 2.0]
    assert RetryPolicy(draw=lambda: 0.0).backoff(3, status(503)) == 0.0


def test_full_jitter_draws_uniformly_below_the_bound() -> None:
    seeded = random.Random(9)
    policy = RetryPolicy(base=0.2, cap=2.0, draw=seeded.random)
    waits = [policy.backoff(1, status(502)) for _ in range(1000)]
    assert all(0 <= w < 0.4 for w in waits)
    # Spread over the whole range, not bunched: each tenth of it gets some of 1,000 draws.
    assert len({int(w / 0.04) for w in waits}) == 10
    again = RetryPolicy(base=0.2, cap=2.0, draw=random.Random(9).random)
    assert [again.backoff(1, status(502)) for _ in range(1000)] == waits


def test_retry_after_is_the_least_wait() -> None:
    policy = RetryPolicy(base=0.2, cap=2.0, draw=lambda: 0.999999)
    limited = RateLimitError("429", retry_after=1.0)
    assert policy.backoff(0, limited) == 1.0  # the jitter alone would be under 0.2
    assert policy.backoff(3, RateLimitError("429", retry_after=0.5)) == pytest.approx(1.6, abs=1e-5)
    assert policy.backoff(0, RateLimitError("429")) == pytest.approx(0.2, abs=1e-5)  # none sent


def test_the_attempt_cap() -> None:
    policy = RetryPolicy(retries=2, draw=lambda: 0.5)
    error = status(503)
    assert policy.next_wait(0, error, None) == pytest.approx(0.1)
    assert policy.next_wait(1, error, None) == pytest.approx(0.2)
    assert policy.next_wait(2, error, None) is None
    assert RetryPolicy(retries=0).next_wait(0, error, None) is None


@pytest.mark.parametrize(
    ("error", "remaining", "expected"),
    [
        pytest.param(status(503), 0.11, 0.1, id="fits"),
        pytest.param(status(503), 0.1, None, id="would-reach-the-deadline"),
        pytest.param(status(503), 0.0, None, id="deadline-passed"),
        pytest.param(UpstreamTimeoutError("slow"), 0.0, None, id="timeout-ate-the-deadline"),
        pytest.param(RateLimitError("429", retry_after=2), 1.9, None, id="retry-after-too-long"),
        pytest.param(RateLimitError("429", retry_after=2), 2.5, 2.0, id="retry-after-fits"),
    ],
)
def test_never_a_wait_past_the_deadline(
    error: UpstreamError, remaining: float, expected: float | None
) -> None:
    policy = RetryPolicy(retries=2, base=0.2, draw=lambda: 0.5)
    assert policy.next_wait(0, error, remaining) == expected
