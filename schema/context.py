"""What every resolver of one GraphQL request needs from the server, and how a resolver gets an
entity.

The schema states its needs as a ``Protocol``; the gateway builds the object that meets them (its
loaders and cache, gateway/context.py). Entities are rows of the resource table
(``tmdbfusion.resources.TABLE``), asked for by key, language and TMDB part names; a list row
(a search, a chart) also by its other query parameters, a canonical ``QueryParams`` that is part of
every cache and loader key and is sent to TMDB as the row's keyword arguments.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Mapping
from typing import Any, Protocol, TypeVar

import strawberry

from schema.errors import ActualCostError
from schema.planner import selected_parts
from tmdbfusion.resource import Key, QueryParams, Resource

E = TypeVar("E")
T = TypeVar("T")


class UpstreamMeter:
    """The runtime backstop of the cost budget: counts the TMDB requests one operation starts.

    The server counts each fetch its loaders' batches start (each one GET, unless another
    request has the same one in flight). The fetch that would pass ``limit`` fails with
    ``COST_ACTUAL_TOO_EXPENSIVE`` instead, at its field.
    """

    __slots__ = ("asked", "limit")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.asked = 0

    def count(self, resource: Resource[Any], key: Key) -> None:
        """Count one more request for ``resource`` at ``key``; raise if it passes the limit."""
        self.asked += 1
        if self.asked > self.limit:
            what = " ".join((resource.name, *map(str, key)))
            raise ActualCostError(
                f"Fetching {what} would make {self.asked} "
                f"TMDB requests for this operation; the limit is {self.limit}.",
                cost=self.asked,
                limit=self.limit,
            )


class Context(Protocol):
    """What the schema needs from the context of one GraphQL request."""

    @property
    def operation(self) -> object:
        """The operation being served: whose deadline and turn every TMDB request is."""

    @property
    def meter(self) -> UpstreamMeter:
        """The runtime count of the TMDB requests this operation started."""

    def cached(
        self,
        resource: Resource[E],
        key: Key,
        language: str | None,
        parts: Collection[str],
        params: QueryParams = (),
    ) -> E | None:
        """The entity with every part in ``parts``, if it is at hand without waiting."""

    def load(
        self,
        resource: Resource[E],
        key: Key,
        language: str | None,
        parts: tuple[str, ...],
        params: QueryParams = (),
    ) -> Awaitable[E]:
        """The entity with ``parts``, loaded with every other part asked of it in this tick."""

    def served(
        self, resource: Resource[Any], key: Key, language: str | None, params: QueryParams = ()
    ) -> None:
        """Note an entity the response uses (its freshness bounds how long the answer may be
        cached)."""


Info = strawberry.Info[Context, Any]


def resolve(
    info: Info,
    resource: Resource[E],
    key: Key,
    language: str | None,
    parts_by_field: Mapping[str, str],
    build: Callable[[E], T],
    params: QueryParams = (),
) -> T:
    """The entity the current field asks for, with every part its selection needs.

    Returns the built value at once when the entity is at hand (the process-wide cache holds
    it), and otherwise an awaitable of it, which graphql-core awaits: a cache hit then costs no
    coroutine, task or loader round. Callers are plain ``def`` resolvers, so they type the result
    as ``T``.
    """
    parts = selected_parts(info, parts_by_field) if parts_by_field else ()
    built = entity_or_pending(info.context, resource, key, language, parts, build, params)
    return built  # type: ignore[return-value]


def entity_or_pending(
    context: Context,
    resource: Resource[E],
    key: Key,
    language: str | None,
    parts: tuple[str, ...],
    build: Callable[[E], T],
    params: QueryParams = (),
) -> T | Awaitable[T]:
    """``build`` of the entity with ``parts``: at once when it is at hand, else an awaitable
    that loads it with everything else asked of the loaders in this tick.

    A row TMDB reads no ``language`` from (a company) is asked, and kept, without one.
    """
    if language is not None and "language" not in resource.query:
        language = None
    hit = context.cached(resource, key, language, parts, params)
    if hit is not None:
        context.served(resource, key, language, params)
        return build(hit)
    return _load(context, resource, key, language, parts, build, params)


async def _load(
    context: Context,
    resource: Resource[E],
    key: Key,
    language: str | None,
    parts: tuple[str, ...],
    build: Callable[[E], T],
    params: QueryParams,
) -> T:
    entity = await context.load(resource, key, language, parts, params)
    context.served(resource, key, language, params)
    return build(entity)
