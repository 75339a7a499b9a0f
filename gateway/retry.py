"""When a failed GET to TMDB is worth sending again, and after how long.

Every request the gateway sends TMDB is a GET, so any of them may be repeated safely. Only faults
that a second attempt can cure are retried: TMDB unreachable (a refused or reset connection, a
timeout), 429 (slow down), and 502, 503 and 504 (a proxy or TMDB itself momentarily down). A 500
is TMDB's own bug for that request and would most likely repeat; 4xx answers are final.

The wait before retry ``n`` (from 0) is "full jitter" (AWS's name): a uniform draw from zero to
``min(cap, base * 2**n)``, so the callers that failed together do not come back together. A 429's
``Retry-After`` is the least wait. A wait that would end at or past the operation's deadline is
not slept: the caller fails at once with the error it has.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from tmdbfusion.errors import (
    RateLimitError,
    UpstreamConnectionError,
    UpstreamError,
    UpstreamStatusError,
)

RETRYABLE_STATUS: Final = frozenset({429, 502, 503, 504})


def retryable(error: BaseException) -> bool:
    """Whether another attempt could cure ``error``, an error of one attempt at TMDB."""
    if isinstance(error, UpstreamConnectionError):
        return True
    return isinstance(error, UpstreamStatusError) and error.status_code in RETRYABLE_STATUS


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """At most ``retries`` more attempts after the first, with full-jitter backoff.

    ``draw`` returns a number in [0, 1); tests pass a seeded ``random.Random(n).random``.
    """

    retries: int = 2
    base: float = 0.2
    cap: float = 2.0
    draw: Callable[[], float] = field(default=random.random, compare=False)

    def backoff(self, retry: int, error: UpstreamError) -> float:
        """Seconds to wait before retry number ``retry`` (0 for the first) after ``error``."""
        wait = self.draw() * min(self.cap, self.base * 2.0**retry)
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            wait = max(wait, error.retry_after)
        return wait

    def next_wait(self, retry: int, error: BaseException, remaining: float | None) -> float | None:
        """The wait before retry ``retry`` after ``error``, or ``None`` to give up now.

        ``remaining`` is the time left before the operation's deadline (``None``: no deadline).
        Giving up: the error is not retryable, the attempts are spent, or the wait would reach
        the deadline.
        """
        if retry >= self.retries or not isinstance(error, UpstreamError):
            return None
        if not retryable(error):
            return None
        wait = self.backoff(retry, error)
        if remaining is not None and wait >= remaining:
            return None
        return wait
