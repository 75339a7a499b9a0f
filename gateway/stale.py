"""Stale-if-error: what the process cache may serve when TMDB fails, and how an answer says so.

An entry past its freshness stays in the process cache (counting toward its bounds) for
``TMDBFUSION_STALE_IF_ERROR`` more seconds. When refreshing it fails in a way that may be over
soon (TMDB unreachable or too slow, a 5xx, a 429, the operation's deadline passing, the circuit
breaker open after such failures), the stale entry is served instead of the error. A 404 is never
hidden: the entity is gone from TMDB, and its stale entry from the cache.

The GraphQL response then lists each entity served stale in ``extensions.stale``::

    {"resource": "movies.details", "key": [550], "language": null,
     "staleSeconds": 120, "code": "UPSTREAM_UNAVAILABLE"}

(a list, such as a search, also has its ``params``: ``{"query": "batman", "page": 1}``;
``staleSeconds``: whole seconds since it stopped being fresh; ``code``: the error it stood in
for, as ``errors[].extensions.code`` would have said), and its HTTP answer is ``no-store``: a CDN
must not keep serving it once TMDB is back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Final

from gateway.breaker import CircuitOpenError
from schema.errors import upstream_code
from tmdbfusion.errors import (
    RateLimitError,
    UpstreamConnectionError,
    UpstreamError,
    UpstreamServerError,
)
from tmdbfusion.resource import Key, QueryParams

# The failures a stale entry may stand in for. UpstreamTimeoutError is an UpstreamConnectionError;
# an open circuit breaker stands for TMDB's recent 5xx and timeouts.
PASSING: Final = (UpstreamConnectionError, UpstreamServerError, RateLimitError, CircuitOpenError)


def may_serve_stale(error: BaseException) -> bool:
    """Whether ``error`` may be over soon, so that stale data beats no data."""
    return isinstance(error, PASSING)


@dataclass(frozen=True, slots=True)
class StaleServe:
    """One entity served past its freshness, in place of ``error``."""

    resource: str
    key: Key
    language: str | None
    params: QueryParams  # a list's own query parameters (a search's query and page)
    stale_for: float  # seconds
    error: UpstreamError

    def extension(self) -> dict[str, Any]:
        """The entry ``extensions.stale`` lists for it."""
        code = upstream_code(self.error)
        extension: dict[str, Any] = {
            "resource": self.resource,
            "key": list(self.key),
            "language": self.language,
        }
        if self.params:
            extension["params"] = dict(self.params)
        extension["staleSeconds"] = math.floor(self.stale_for)
        extension["code"] = code
        return extension
