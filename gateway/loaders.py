"""Request-scoped dataloaders: every part asked of one entity in one tick becomes one GET.

A key is ``(resource name, key, language, query parameters, part)``, ``part`` being one of the
row's TMDB part names or ``None`` for the details alone; the query parameters are a list row's
(``(("page", 1), ("query", "batman"))``), empty for an entity. The batch function groups one
tick's keys by ``(resource name, key, language, query parameters)`` and asks the upstream layer
for that entity once with the union of its parts, split only where TMDB's limit of 20 appended
parts forces it. Distinct entities, and distinct pages of a list, are fetched concurrently. The
rows come from the resource table, by name.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

import msgspec
from aiodataloader import DataLoader

from gateway.fetch import Fetch
from gateway.operation import Operation
from tmdbfusion.request import MAX_APPEND
from tmdbfusion.resource import Key, QueryParams, Resource
from tmdbfusion.resources import TABLE

T = TypeVar("T")
LoaderKey = tuple[str, Key, str | None, QueryParams, str | None]
EntityKey = tuple[str, Key, str | None, QueryParams]


class EntityLoader(DataLoader[LoaderKey, Any]):
    """One per GraphQL request, so its cache never outlives the request that filled it.

    Every fetch it makes carries the request's ``operation``.
    """

    def __init__(
        self,
        fetch: Fetch,
        operation: Operation | None = None,
        *,
        max_append: int = MAX_APPEND,
        table: Mapping[str, Resource[Any]] = TABLE,
    ) -> None:
        super().__init__()
        self._fetch = fetch
        self._operation = operation
        self._max_append = max_append
        self._table = table

    async def batch_load_fn(self, keys: Sequence[LoaderKey]) -> list[Any]:  # entity or its error
        groups: dict[EntityKey, set[str]] = {}
        for name, key, language, params, part in keys:
            parts = groups.setdefault((name, key, language, params), set())
            if part is not None:
                parts.add(part)

        calls: list[tuple[EntityKey, tuple[str, ...]]] = []
        for entity, parts in groups.items():
            ordered = sorted(parts)
            size = self._max_append
            chunks = [tuple(ordered[i : i + size]) for i in range(0, len(ordered), size)]
            calls.extend((entity, chunk) for chunk in chunks or [()])

        operation = self._operation
        table = self._table
        results = await asyncio.gather(
            *(
                self._fetch(table[name], key, language, chunk, operation, params)
                for (name, key, language, params), chunk in calls
            ),
            return_exceptions=True,
        )
        # Each key gets the result of the call that carried its part; the details come with all.
        answer: dict[LoaderKey, Any] = {}
        for (entity, chunk), result in zip(calls, results, strict=True):
            answer.setdefault((*entity, None), result)
            for part in chunk:
                answer[(*entity, part)] = result
        return [answer[key] for key in keys]

    async def entity(
        self,
        resource: Resource[T],
        key: Key,
        language: str | None,
        parts: Iterable[str] = (),
        params: QueryParams = (),
    ) -> T:
        """Load one entity with every part in ``parts``, merged into one Struct."""
        name = resource.name
        parts = tuple(parts)
        if not parts:
            entity: T = await self.load((name, key, language, params, None))
            return entity
        loaded: list[T] = await self.load_many([(name, key, language, params, p) for p in parts])
        first = loaded[0]
        if all(other is first for other in loaded):
            return first
        # More than MAX_APPEND parts were split over several calls: take each part from the call
        # that carried it.
        fields = {
            resource.parts[part].field: getattr(one, resource.parts[part].field)
            for part, one in zip(parts, loaded, strict=True)
        }
        merged: T = msgspec.structs.replace(first, **fields)  # type: ignore[type-var]
        return merged
