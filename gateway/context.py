"""The context of one GraphQL request, as the schema's ``schema.context.Context`` asks for it:
the process-wide cache for what is at hand, and this request's loader over it for the rest.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Collection
from typing import TYPE_CHECKING, Any, TypeVar

from gateway.cache import SharedUpstream
from gateway.loaders import EntityLoader
from gateway.operation import Operation
from gateway.stale import StaleServe
from schema.context import Context, UpstreamMeter
from schema.cost import DEFAULT_BUDGET
from tmdbfusion.resource import Key, QueryParams, Resource

E = TypeVar("E")


class RequestContext:
    """Per request: the process-wide upstream layer, and this request's loader over it.

    Every upstream fetch the loader makes is counted by ``meter`` and carries ``operation``: the
    rate limiter's unit of fairness, and the deadline and cancellation of every wait on TMDB. It
    also notes how long the TMDB data it served stays fresh, so an HTTP answer can say how long
    it may be cached, the entities it served stale in TMDB's stead (gateway/stale.py), and the
    request's id, which a masked error and its log line share.
    """

    __slots__ = (
        "_fresh_until",
        "_loader",
        "_stale",
        "meter",
        "operation",
        "request_id",
        "upstream",
    )

    def __init__(
        self,
        upstream: SharedUpstream,
        operation: Operation | None = None,
        *,
        max_upstream_calls: int = DEFAULT_BUDGET.max_upstream_calls,
        request_id: str | None = None,
    ) -> None:
        self.upstream = upstream
        self.operation = operation
        self.meter = UpstreamMeter(max_upstream_calls)
        self.request_id = request_id
        self._loader: EntityLoader | None = None
        self._fresh_until = math.inf
        self._stale: dict[tuple[str, Key, str | None, QueryParams], StaleServe] | None = None

    def served(
        self, resource: Resource[Any], key: Key, language: str | None, params: QueryParams = ()
    ) -> None:
        """Called for each entity the response uses: its freshness bounds the response's."""
        expiry = self.upstream.expiry(resource, key, language, params)
        if expiry < self._fresh_until:
            self._fresh_until = expiry

    def fresh_for(self) -> float | None:
        """Seconds until the first TMDB data this request used goes stale; None if it used none."""
        if self._stale:
            return 0.0
        if self._fresh_until == math.inf:
            return None
        return max(0.0, self._fresh_until - self.upstream.clock())

    def stale(self) -> list[dict[str, Any]]:
        """``extensions.stale``: each entity served past its freshness because TMDB failed."""
        if not self._stale:
            return []
        return [serve.extension() for serve in self._stale.values()]

    def _served_stale(self, serve: StaleServe) -> None:
        if self._stale is None:
            self._stale = {}
        self._stale[(serve.resource, serve.key, serve.language, serve.params)] = serve

    def cached(
        self,
        resource: Resource[E],
        key: Key,
        language: str | None,
        parts: Collection[str],
        params: QueryParams = (),
    ) -> E | None:
        return self.upstream.cached(resource, key, language, parts, params)

    def load(
        self,
        resource: Resource[E],
        key: Key,
        language: str | None,
        parts: tuple[str, ...],
        params: QueryParams = (),
    ) -> Awaitable[E]:
        return self.loader.entity(resource, key, language, parts, params)

    @property
    def loader(self) -> EntityLoader:
        # Made on first use: a request answered wholly from the cache never needs one.
        if self._loader is None:
            self._loader = EntityLoader(self._fetch, self.operation)
        return self._loader

    async def _fetch(
        self,
        resource: Resource[E],
        key: Key,
        language: str | None,
        parts: tuple[str, ...],
        operation: Operation | None,
        params: QueryParams,
    ) -> E:
        self.meter.count(resource, key)
        return await self.upstream.entity(
            resource, key, language, parts, operation, params, on_stale=self._served_stale
        )


if TYPE_CHECKING:
    # mypy checks here that a RequestContext is what the schema asks of its context.
    _SCHEMA_CONTEXT: type[Context] = RequestContext
