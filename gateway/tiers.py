"""What the layers between the process cache and TMDB hand each other: a ``Fill``.

The process cache (``gateway/cache.py``) asks for an entity's missing parts through one ``Fill``;
below it, each tier (the memory of 404s, the Redis shared cache) wraps the ``Fill`` beneath it,
and the last one sends the GET. A ``Fill`` answers with the entity, the parts it holds (possibly
more than were asked, when a shared entry had them), and how many seconds it stays fresh, so an
entry read from Redis keeps its remaining lifetime in the process cache rather than a new one.

Keys are opaque tuples of ``str``, ``int`` and ``None``; nothing here knows what they name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from gateway.operation import Operation
from gateway.tmdb.client import Entity, Fetch
from gateway.tmdb.errors import NotFoundError

KeyT = TypeVar("KeyT", bound=tuple[str | int | None, ...])


@dataclass(frozen=True, slots=True)
class Fetched:
    """An entity holding ``parts``, fresh for ``ttl`` more seconds."""

    value: Entity
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


def fetching(fetch: Fetch, ttl: float) -> Fill[tuple[str, int, str | None]]:
    """The bottom tier: ``fetch`` from TMDB; what it answers is fresh for ``ttl`` seconds."""

    async def fill(
        key: tuple[str, int, str | None], parts: tuple[str, ...], operation: Operation | None
    ) -> Fetched:
        return Fetched(await fetch(*key, parts, operation), frozenset(parts), ttl)

    return fill
