"""Request-scoped dataloaders: every part asked of one entity in one tick becomes one GET.

A key is ``(kind, id, language, part)``, ``part`` being ``None`` for the details alone. The batch
function groups one tick's keys by ``(kind, id, language)`` and asks the upstream layer for that
entity once with the union of its parts, split only where TMDB's limit of 20 appended parts
forces it. Distinct entities are fetched concurrently.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import Any

import msgspec
from aiodataloader import DataLoader

from gateway.operation import Operation
from gateway.tmdb.client import MAX_APPEND, Entity, Fetch

Key = tuple[str, int, str | None, str | None]


class EntityLoader(DataLoader[Key, Entity]):
    """One per GraphQL request, so its cache never outlives the request that filled it.

    Every fetch it makes carries the request's ``operation``.
    """

    def __init__(
        self, fetch: Fetch, operation: Operation | None = None, *, max_append: int = MAX_APPEND
    ) -> None:
        super().__init__()
        self._fetch = fetch
        self._operation = operation
        self._max_append = max_append

    async def batch_load_fn(self, keys: Sequence[Key]) -> list[Any]:  # Entity or its error
        groups: dict[tuple[str, int, str | None], set[str]] = {}
        for kind, id, language, part in keys:
            parts = groups.setdefault((kind, id, language), set())
            if part is not None:
                parts.add(part)

        calls: list[tuple[tuple[str, int, str | None], tuple[str, ...]]] = []
        for entity, parts in groups.items():
            ordered = sorted(parts)
            size = self._max_append
            chunks = [tuple(ordered[i : i + size]) for i in range(0, len(ordered), size)]
            calls.extend((entity, chunk) for chunk in chunks or [()])

        operation = self._operation
        results = await asyncio.gather(
            *(
                self._fetch(kind, id, language, chunk, operation)
                for (kind, id, language), chunk in calls
            ),
            return_exceptions=True,
        )
        # Each key gets the result of the call that carried its part; the details come with all.
        answer: dict[tuple[str, int, str | None, str | None], Any] = {}
        for ((kind, id, language), chunk), result in zip(calls, results, strict=True):
            answer.setdefault((kind, id, language, None), result)
            for part in chunk:
                answer[(kind, id, language, part)] = result
        return [answer[key] for key in keys]

    async def entity(
        self, kind: str, id: int, language: str | None, parts: Iterable[str] = ()
    ) -> Entity:
        """Load one entity with every part in ``parts``, merged into one Struct."""
        parts = tuple(parts)
        if not parts:
            entity: Entity = await self.load((kind, id, language, None))
            return entity
        loaded: list[Entity] = await self.load_many([(kind, id, language, p) for p in parts])
        first = loaded[0]
        if all(other is first for other in loaded):
            return first
        # More than MAX_APPEND parts were split over several calls: take each part from the call
        # that carried it.
        return msgspec.structs.replace(
            first, **{part: getattr(one, part) for part, one in zip(parts, loaded, strict=True)}
        )
