"""What every resolver of one GraphQL request shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

import strawberry

from gateway.loaders import EntityLoader
from gateway.tmdb.client import Entity
from schema.planner import selected_parts

E = TypeVar("E", bound=Entity)


@dataclass(slots=True)
class Context:
    loader: EntityLoader


Info = strawberry.Info[Context, Any]


async def load(
    info: Info,
    wire_type: type[E],
    kind: str,
    id: int,
    language: str | None,
    parts_by_field: dict[str, str],
) -> E:
    """Fetch one entity with every part the current field's selection needs, in one tick."""
    parts = selected_parts(info, parts_by_field)
    entity = await info.context.loader.entity(kind, id, language, parts)
    if not isinstance(entity, wire_type):  # pragma: no cover - the decoder is chosen by kind
        raise TypeError(f"{kind} {id} decoded as {type(entity).__name__}")
    return entity
