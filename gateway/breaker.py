"""A circuit breaker: stop asking TMDB while it is failing, and find out when it is back.

States::

    closed ──(failures in a row)──> open ──(cooldown passed)──> half-open
      ^                              ^                              │
      └────────(probe succeeded)─────┼──────────────────────────────┤
                                     └───────(probe failed)─────────┘

Closed: every request goes; ``failures`` consecutive failed attempts open the breaker. Open: every
request is refused at once with ``CircuitOpenError`` (``UPSTREAM_CIRCUIT_OPEN``), sending nothing.
Half-open, once ``cooldown`` seconds have passed: exactly one request goes through as a probe
while the others are still refused; its success closes the breaker, its failure opens it for
another cooldown.

A failure is TMDB failing: a 5xx, a timeout, a connection that could not be made. Any other
answer (200, 404, 401, even 429, which the shared back-off handles) shows TMDB up and resets the
count. Consecutive failures, rather than a failure ratio over a window, because the gateway's
traffic comes in bursts of fan-outs: a ratio needs a minimum volume to mean anything, and a run
of failures with no success between them is what an outage looks like from here, whatever the
rate. A request cancelled before TMDB answered is no verdict either way.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable

from tmdbfusion.errors import UpstreamConnectionError, UpstreamError, UpstreamServerError


class CircuitOpenError(UpstreamError):
    """The circuit breaker is open: TMDB was failing, so this request was not sent."""

    code = "UPSTREAM_CIRCUIT_OPEN"

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class State(enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half-open"


def is_failure(error: BaseException | None) -> bool:
    """Whether an attempt's outcome counts against TMDB's health."""
    return isinstance(error, UpstreamServerError | UpstreamConnectionError)


class CircuitBreaker:
    """Opens after ``failures`` consecutive failures; probes again after ``cooldown`` seconds.

    ``on_change`` is called with the new state on every transition (for metrics and logs).
    """

    def __init__(
        self,
        failures: int = 5,
        cooldown: float = 10.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[State], object] | None = None,
    ) -> None:
        if failures < 1:
            raise ValueError("failures must be at least 1")
        self.failures = failures
        self.cooldown = cooldown
        self._clock = clock
        self._on_change = on_change
        self._state = State.CLOSED
        self._consecutive = 0
        self._opened_at = 0.0
        self._probing = False

    @property
    def state(self) -> State:
        """The state as a request arriving now finds it (open turns half-open after cooldown)."""
        if self._state is State.OPEN and self._clock() >= self._opened_at + self.cooldown:
            return State.HALF_OPEN
        return self._state

    def check(self) -> None:
        """Raise ``CircuitOpenError`` if a request arriving now would be refused; admit nothing."""
        state = self.state
        if state is State.OPEN:
            wait = self._opened_at + self.cooldown - self._clock()
            raise CircuitOpenError(
                f"TMDB has been failing; the gateway asks it again in {wait:.1f} s",
                retry_after=round(wait, 1),
            )
        if state is State.HALF_OPEN and self._probing:
            raise CircuitOpenError(
                "TMDB has been failing; one request is testing whether it is back"
            )

    def admit(self) -> bool:
        """Let one request through, or raise ``CircuitOpenError``; ``True`` if it is the probe.

        The caller must ``record`` the request's outcome, whatever happens.
        """
        self.check()
        if self.state is State.HALF_OPEN:
            self._set(State.HALF_OPEN)
            self._probing = True
            return True
        return False

    def record(self, probe: bool, error: BaseException | None) -> None:
        """The outcome of an admitted request: ``error`` is ``None`` for a success."""
        if probe:
            self._probing = False
        elif self._state is not State.CLOSED:
            return  # sent before the breaker opened: only the probe decides now
        if error is not None and not isinstance(error, UpstreamError):
            return  # cancelled (or a bug): no verdict; a probe's turn passes to the next request
        if is_failure(error):
            self._consecutive += 1
            if probe or self._consecutive >= self.failures:
                self._opened_at = self._clock()
                self._set(State.OPEN)
        else:
            self._consecutive = 0
            self._set(State.CLOSED)

    def _set(self, state: State) -> None:
        if state is not self._state:
            self._state = state
            if self._on_change is not None:
                self._on_change(state)
