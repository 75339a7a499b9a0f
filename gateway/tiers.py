"""What the layers between the process cache and TMDB hand each other: a ``Fill``.

The process cache (``gateway/cache.py``) asks for an entity's missing parts through one ``Fill``;
below it, each tier (the memory of 404s, the Redis shared cache) wraps the ``Fill`` beneath it,
and the last one sends the GET. A ``Fill`` answers with the entity, the parts it holds (possibly
more than were asked, when a shared entry had them), and how many seconds it stays fresh, so an
entry read from Redis keeps its remaining lifetime in the process cache rather than a new one.

Above the bottom tier, keys are opaque hashable tuples that msgspec can encode; only ``fetching``
knows they are ``EntityKey``s naming a row of the resource table.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from gateway.fetch import Fetch
from gateway.operation import Operation
from tmdbfusion.errors import NotFoundError
from tmdbfusion.resource import Key, QueryParams
from tmdbfusion.resources import TABLE

KeyT = TypeVar("KeyT", bound=tuple[Hashable, ...])
# An answer of the resource table, (row name, key, language, query parameters): an entity,
# ("tv.season", (1399, 1), "de", ()), or a list, ("search.multi", (), None, (("page", 1),
# ("query", "batman"))).
EntityKey = tuple[str, Key, str | None, QueryParams]


@dataclass(frozen=True, slots=True)
class Fetched:
    """An entity holding ``parts``, fresh for ``ttl`` more seconds."""

    value: Any  # a Struct of its row's result type
    parts: frozenset[str]
    ttl: float


# The operation asking, if any, rides along to the GET: its deadline, and the rate limiter's turn.
Fill = Callable[[KeyT, tuple[str, ...], Operation | None], Awaitable[Fetched]]


class KnownNotFoundError(NotFoundError):
    """A 404 answered from memory (this process's or Redis's), fresh for ``ttl`` more seconds.

    It is a ``NotFoundError``, so the client gets the same ``NOT_FOUND`` as from TMDB itself.
    """

    def __init__(self, message: str, *, ttl: float, tmdb_code: int | None = None) -> None:
        super().__init__(message, status_code=404, tmdb_code=tmdb_code)
        self.ttl = ttl


def fetching(fetch: Fetch, ttl: float) -> Fill[EntityKey]:
    """The bottom tier: ``fetch`` from TMDB; what it answers is fresh for ``ttl`` seconds, or for
    its row's own lifetime when that is shorter."""

    async def fill(key: EntityKey, parts: tuple[str, ...], operation: Operation | None) -> Fetched:
        name, values, language, params = key
        resource = TABLE[name]
        value = await fetch(resource, values, language, parts, operation, params)
        return Fetched(value, frozenset(parts), min(ttl, resource.ttl))

    return fill
