"""``/readyz``: whether the gateway can serve, judged by TMDB (or the demo upstream) answering.

Ready means started, configured, and TMDB answering ``GET /configuration`` with the body it
documents, authenticated as every other request is. An answer, good or bad, is kept for
``READY_TTL`` seconds, so probes from several load balancers cost TMDB one request per window
however often they come, and probes that arrive while one is in flight wait for it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Final

from gateway.fetch import UpstreamObserver, observed
from tmdbfusion import AsyncTMDBClient
from tmdbfusion.errors import UpstreamDecodeError, UpstreamError
from tmdbfusion.resources import TABLE

logger = logging.getLogger("gateway")

READY_TTL: Final = 5.0


Probe = Callable[[], Awaitable[object]]


class Readiness:
    """Runs ``probe`` (which raises an ``UpstreamError`` when TMDB fails) at most once per
    ``ttl`` seconds, and answers ``(ready, reason)``."""

    def __init__(
        self, probe: Probe, *, ttl: float = READY_TTL, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._probe = probe
        self._ttl = ttl
        self._clock = clock
        self._answer: tuple[bool, str | None] | None = None
        self._expires = 0.0
        self._pending: asyncio.Task[tuple[bool, str | None]] | None = None

    async def check(self) -> tuple[bool, str | None]:
        if self._answer is not None and self._clock() < self._expires:
            return self._answer
        if self._pending is None:
            self._pending = asyncio.ensure_future(self._ask())
        # Shielded: a probe that gives up must not cancel the check the others wait for.
        return await asyncio.shield(self._pending)

    async def _ask(self) -> tuple[bool, str | None]:
        try:
            await self._probe()
            answer: tuple[bool, str | None] = (True, None)
        except UpstreamError as exc:
            answer = (False, str(exc))  # the client's messages never hold a URL or credential
        except Exception:
            logger.exception("The readiness check failed")
            answer = (False, "the readiness check failed; the log has the trace")
        finally:
            self._pending = None
        self._answer, self._expires = answer, self._clock() + self._ttl
        return answer


def configuration_probe(client: AsyncTMDBClient, observe: UpstreamObserver) -> Probe:
    """The probe ``/readyz`` runs: ``GET /configuration`` straight through ``client`` (not the
    guard: readiness must ask TMDB, not the breaker), judged as ``tmdbfusion check`` judges it."""
    row = TABLE["configuration.details"]

    async def probe() -> None:
        configuration = await observed(client.configuration.details, observe, row.name, (), ())
        # The one part of TMDB's answer the gateway builds on: where images live.
        if configuration.images is None or not configuration.images.secure_base_url:
            raise UpstreamDecodeError("TMDB's /configuration body was not understood")

    return probe
