"""Whether an optional backend (Redis) is worth asking, and the log lines when that changes.

A backend that fails is left alone for ``retry_after`` seconds, then one caller probes it: every
query meanwhile runs without it instead of paying its timeout again. The change from up to down
logs one warning and the way back one info line, however many requests notice either.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

logger = logging.getLogger("gateway.availability")


class Availability:
    """Up until a call fails; then down, with a probe allowed every ``retry_after`` seconds."""

    def __init__(
        self,
        name: str,
        *,
        fallback: str,
        retry_after: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._name = name
        self._fallback = fallback
        self._retry_after = retry_after
        self._clock = clock
        self._up = True
        self._probe_at = 0.0

    @property
    def up(self) -> bool:
        return self._up

    def usable(self) -> bool:
        """Whether to call the backend now: it is up, or it is down and this caller may probe."""
        if self._up:
            return True
        now = self._clock()
        if now < self._probe_at:
            return False
        # One probe per interval: the callers after this one keep going without the backend.
        self._probe_at = now + self._retry_after
        return True

    def failed(self, error: BaseException) -> None:
        self._probe_at = self._clock() + self._retry_after
        if self._up:
            self._up = False
            logger.warning(
                "%s unavailable (%s); %s until it answers again",
                self._name,
                describe(error),
                self._fallback,
            )

    def succeeded(self) -> None:
        if not self._up:
            self._up = True
            logger.info("%s answers again; using it again", self._name)


def describe(error: BaseException) -> str:
    """The error's class and its first line, which for redis-py names the address, not the URL."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
