"""Everything between the gateway and one GET to TMDB, in one order.

``UpstreamGuard.call(attempt, operation)`` sends ``attempt`` (one GET, a plain async callable)
through these layers, outermost first::

    circuit breaker      open: refuse at once (UPSTREAM_CIRCUIT_OPEN), nothing waits or is sent
    shared back-off      after a 429, wait out Retry-After (past the deadline: refuse at once)
    fair rate limiter    a token, shared round-robin between operations (gateway/ratelimit.py)
    shared budget        with Redis: the credential's pause and token bucket across processes
    in-flight cap        a slot among TMDBFUSION_MAX_IN_FLIGHT (waits bounded by the deadline)
      attempt            the GET; the breaker admits it (or takes it as its half-open probe)
    retry loop           a retryable failure waits its backoff (never past the deadline, holding
                         no slot) and goes round again from the breaker down

Each attempt passes every layer again, because each is a request TMDB counts and because the
world may have changed while it waited: the breaker may have opened, another request may have
met a 429. Only the attempt's own errors are retried; a layer that refuses (the breaker, a
deadline) ends the call at once. The breaker counts each attempt's outcome (a 404 or 429 never
counts against TMDB), and a 429 closes the shared back-off for everyone.

The fail-fast layers come first so that a refused request costs nothing; the limiter comes before
the in-flight cap so that a request holds a connection slot only once it may really be sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Final, Protocol, TypeVar

from gateway import observe
from gateway.backoff import Backoff
from gateway.breaker import CircuitBreaker, State
from gateway.inflight import InFlightCap
from gateway.ratelimit import RateLimiter
from gateway.retry import RetryPolicy
from tmdbfusion.errors import RateLimitError

if TYPE_CHECKING:
    from gateway.config import Settings
    from gateway.operation import Operation

T = TypeVar("T")

logger = logging.getLogger("gateway.guard")


class Budget(Protocol):
    """A rate budget shared beyond this process (gateway/shared_budget.py)."""

    async def acquire(self, operation: Operation | None) -> None:
        """Wait for the credential's shared pause and for a token of its shared bucket."""

    async def pause(self, seconds: float | None) -> None:
        """Tell every process that TMDB asked for a pause of ``seconds``."""


class UpstreamGuard:
    """The layers above, each optional; the default sends each attempt once, unguarded."""

    def __init__(
        self,
        *,
        breaker: CircuitBreaker | None = None,
        backoff: Backoff | None = None,
        limiter: RateLimiter | None = None,
        budget: Budget | None = None,
        cap: InFlightCap | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.breaker = breaker
        self.backoff = backoff or Backoff()
        self.limiter = limiter
        self.budget = budget
        self.cap = cap
        self.retry = retry or RetryPolicy(retries=0)
        self._sleep = sleep

    @classmethod
    def from_settings(cls, settings: Settings, *, budget: Budget | None = None) -> UpstreamGuard:
        """The guard ``settings`` describe, with this process's share of the budget."""
        rate = settings.process_rate_limit
        in_flight = settings.process_max_in_flight
        return cls(
            breaker=CircuitBreaker(
                settings.breaker_failures, settings.breaker_cooldown, on_change=_changed
            )
            if settings.breaker_failures
            else None,
            limiter=RateLimiter(rate) if rate > 0 else None,
            budget=budget,
            cap=InFlightCap(in_flight) if in_flight else None,
            retry=RetryPolicy(settings.retries, settings.retry_base, settings.retry_cap),
        )

    async def call(
        self,
        attempt: Callable[[], Awaitable[T]],
        operation: Operation | None,
        resource: str = "other",
    ) -> T:
        """The result of ``attempt``, sent through every layer, retried as the policy allows;
        a retry is counted under ``resource`` (a row's name) in the metrics."""
        retry = 0
        while True:
            probe = await self._enter(operation)
            try:
                result = await attempt()
            except Exception as error:
                await self._leave(probe, error)
                remaining = None if operation is None else operation.remaining()
                wait = self.retry.next_wait(retry, error, remaining)
                if wait is None:
                    raise
                retry += 1
                observe.retry(resource, observe.reason(error))
                logger.info("%s; retry %d of %d in %.2f s", error, retry, self.retry.retries, wait)
                await self._sleep(wait)
                continue
            except BaseException as cancelled:
                await self._leave(probe, cancelled)
                raise
            await self._leave(probe, None)
            return result

    async def _enter(self, operation: Operation | None) -> bool:
        """Pass every layer down to the attempt; ``True`` if it is the breaker's probe."""
        breaker = self.breaker
        if breaker is not None:
            breaker.check()
        if self.backoff.remaining() > 0:
            await self.backoff.wait(operation)
        if self.limiter is not None:
            await self.limiter.acquire(operation)
        if self.budget is not None:
            await self.budget.acquire(operation)
        if self.cap is not None:
            await self.cap.acquire(operation)
        if breaker is None:
            return False
        try:
            return breaker.admit()  # it may have opened while this request waited
        except BaseException:
            if self.cap is not None:
                self.cap.release()
            raise

    async def _leave(self, probe: bool, error: BaseException | None) -> None:
        if self.cap is not None:
            self.cap.release()
        if self.breaker is not None:
            self.breaker.record(probe, error)
        if isinstance(error, RateLimitError):
            self.backoff.pause(error.retry_after)
            if self.budget is not None:
                await self.budget.pause(error.retry_after)


def describe_budget(settings: Settings) -> str:
    """The start-up line saying what this process may send TMDB, and why."""
    rate = settings.process_rate_limit
    in_flight = settings.process_max_in_flight
    pace = f"{rate:g} requests/s" if rate > 0 else "no rate limit"
    cap = f"{in_flight} in flight" if in_flight else "no cap on requests in flight"
    if settings.shared_budget:
        shared = "shared through Redis by every process using this credential"
        return f"TMDB budget: {pace} {shared}; {cap} from this process"
    if settings.workers > 1:
        return (
            f"TMDB budget of this worker: {pace} and {cap}, TMDBFUSION_RATE_LIMIT="
            f"{settings.rate_limit:g} and TMDBFUSION_MAX_IN_FLIGHT={settings.max_in_flight} "
            f"divided among {settings.workers} workers"
        )
    return f"TMDB budget: {pace}, {cap}"


_GAUGE: Final = {
    State.CLOSED: observe.CLOSED,
    State.HALF_OPEN: observe.HALF_OPEN,
    State.OPEN: observe.OPEN,
}


def _changed(state: State) -> None:
    observe.breaker_state(_GAUGE[state])
    if state is State.OPEN:
        logger.warning("TMDB is failing: circuit breaker open, requests refused until a probe")
    elif state is State.CLOSED:
        logger.warning("TMDB answers again: circuit breaker closed")
