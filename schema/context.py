"""What every resolver of one GraphQL request shares, and how a resolver gets an entity."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry

from gateway.cache import SharedUpstream
from gateway.loaders import EntityLoader
from gateway.operation import Operation
from gateway.tmdb.client import Entity, Fetch
from schema.cost import DEFAULT_BUDGET
from schema.errors import ActualCostError
from schema.planner import selected_parts

E = TypeVar("E", bound=Entity)
T = TypeVar("T")


class UpstreamMeter:
    """The runtime backstop of the cost budget: counts the fetches one operation starts.

    Wraps what the operation's loader fetches through, so it counts what reaches the loader's
    batches (each one GET unless another request has the same one in flight). The fetch that
    would pass ``limit`` fails with ``COST_ACTUAL_TOO_EXPENSIVE`` instead, at its field.
    """

    __slots__ = ("_fetch", "asked", "limit")

    def __init__(self, fetch: Fetch, limit: int) -> None:
        self._fetch = fetch
        self.limit = limit
        self.asked = 0

    async def __call__(
        self,
        kind: str,
        id: int,
        language: str | None,
        parts: tuple[str, ...],
        operation: Operation | None,
    ) -> Entity:
        self.asked += 1
        if self.asked > self.limit:
            raise ActualCostError(
                f"Fetching {kind} {id} would make {self.asked} TMDB requests for this "
                f"operation; the limit is {self.limit}.",
                cost=self.asked,
                limit=self.limit,
            )
        return await self._fetch(kind, id, language, parts, operation)


class Context:
    """Per request: the process-wide upstream layer, and this request's loader over it.

    Every upstream fetch the loader makes carries ``operation``: the rate limiter's unit of
    fairness, and the deadline and cancellation of every wait on TMDB. It also notes how long the
    TMDB data it served stays fresh, so an HTTP answer can say how long it may be cached, and the
    request's id, which a masked error and its log line share.
    """

    __slots__ = (
        "_fresh_until",
        "_loader",
        "max_upstream_calls",
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
        self.max_upstream_calls = max_upstream_calls
        self.request_id = request_id
        self._loader: EntityLoader | None = None
        self._fresh_until = math.inf

    def served(self, kind: str, id: int, language: str | None) -> None:
        """Called for each entity the response uses: its freshness bounds the response's."""
        expiry = self.upstream.expiry(kind, id, language)
        if expiry < self._fresh_until:
            self._fresh_until = expiry

    def fresh_for(self) -> float | None:
        """Seconds until the first TMDB data this request used goes stale; None if it used none."""
        if self._fresh_until == math.inf:
            return None
        return max(0.0, self._fresh_until - self.upstream.now())

    @property
    def loader(self) -> EntityLoader:
        # Made on first use: a request answered wholly from the cache never needs one.
        if self._loader is None:
            meter = UpstreamMeter(self.upstream.entity, self.max_upstream_calls)
            self._loader = EntityLoader(meter, self.operation)
        return self._loader


Info = strawberry.Info[Context, Any]


def resolve(
    info: Info,
    wire_type: type[E],
    kind: str,
    id: int,
    language: str | None,
    parts_by_field: dict[str, str],
    build: Callable[[E], T],
) -> T:
    """The entity the current field asks for, with every part its selection needs.

    Returns the built value at once when the process-wide cache holds it, and otherwise an
    awaitable of it, which graphql-core awaits: a cache hit then costs no coroutine, task or
    loader round. Callers are plain ``def`` resolvers, so they type the result as ``T``.
    """
    parts = selected_parts(info, parts_by_field)
    context = info.context
    hit = context.upstream.cached(kind, id, language, parts)
    if hit is not None:
        context.served(kind, id, language)
        return build(_checked(hit, wire_type, kind, id))
    pending: Awaitable[T] = _load(context, wire_type, kind, id, language, parts, build)
    return pending  # type: ignore[return-value]


async def _load(
    context: Context,
    wire_type: type[E],
    kind: str,
    id: int,
    language: str | None,
    parts: tuple[str, ...],
    build: Callable[[E], T],
) -> T:
    entity = await context.loader.entity(kind, id, language, parts)
    context.served(kind, id, language)
    return build(_checked(entity, wire_type, kind, id))


def _checked(entity: Entity, wire_type: type[E], kind: str, id: int) -> E:
    if not isinstance(entity, wire_type):  # pragma: no cover - the decoder is chosen by kind
        raise TypeError(f"{kind} {id} decoded as {type(entity).__name__}")
    return entity
