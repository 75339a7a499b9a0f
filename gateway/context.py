"""The context of one GraphQL request, as the schema's ``schema.context.Context`` asks for it:
the process-wide cache for what is at hand, and this request's loader over it for the rest.
"""

from __future__ import annotations

from collections.abc import Awaitable, Collection
from typing import TypeVar

from gateway.cache import SharedUpstream
from gateway.loaders import EntityLoader
from gateway.operation import Operation
from schema.context import UpstreamMeter
from schema.cost import DEFAULT_BUDGET
from tmdbfusion.resource import Key, Resource

E = TypeVar("E")


class RequestContext:
    """Per request: the process-wide upstream layer, and this request's loader over it.

    Every upstream fetch the loader makes is counted by ``meter`` and carries ``operation``: the
    rate limiter's unit of fairness, and the deadline and cancellation of every wait on TMDB.
    """

    __slots__ = ("_loader", "meter", "operation", "upstream")

    def __init__(
        self,
        upstream: SharedUpstream,
        operation: Operation | None = None,
        *,
        max_upstream_calls: int = DEFAULT_BUDGET.max_upstream_calls,
    ) -> None:
        self.upstream = upstream
        self.operation = operation
        self.meter = UpstreamMeter(max_upstream_calls)
        self._loader: EntityLoader | None = None

    def cached(
        self, resource: Resource[E], key: Key, language: str | None, parts: Collection[str]
    ) -> E | None:
        return self.upstream.cached(resource, key, language, parts)

    def load(
        self, resource: Resource[E], key: Key, language: str | None, parts: tuple[str, ...]
    ) -> Awaitable[E]:
        return self.loader.entity(resource, key, language, parts)

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
    ) -> E:
        self.meter.count(resource, key)
        return await self.upstream.entity(resource, key, language, parts, operation)
