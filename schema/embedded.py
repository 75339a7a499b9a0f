"""Entities a parent's body embeds as summaries: a movie's collection and companies, a show's
networks, seasons and episodes.

Each is served from the summary while the selection below it asks only for fields the summary
has (its ``served_without``, the same set ``schema/pricing.py`` prices it by), and loaded by its
own row otherwise: one request per distinct entity, all in the same tick.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from schema.context import Info, entity
from schema.planner import parts_of, selected_names
from tmdbfusion.resource import Key, Resource

S = TypeVar("S")
E = TypeVar("E")
T = TypeVar("T")


def served(info: Info, served_without: frozenset[str]) -> bool:
    """Whether the current field's selection asks only for what the summary serves."""
    return selected_names(info) <= served_without


def summary_or_entity(
    info: Info,
    served_without: frozenset[str],
    summary: Callable[[], T],
    load: Callable[[], T],
) -> T:
    """The summary's value when it serves the selection, else the loaded entity (or an awaitable
    of it)."""
    return summary() if served(info, served_without) else load()


def summaries_or_entities(
    info: Info,
    served_without: frozenset[str],
    summaries: Sequence[S],
    from_summary: Callable[[S], T],
    row: Resource[E],
    key: Callable[[S], Key],
    language: str | None,
    parts_by_field: Mapping[str, str],
    build: Callable[[S, E], T],
) -> list[T | None]:
    """A list of embedded summaries: each built from its summary, or each loaded by ``key``.
    An item that fails to load is null with its error, and the rest are served. ``build`` takes
    the summary and the loaded entity.

    The selection is the same for every item, so it is read once; loaded items are awaitables
    that graphql-core awaits together, so their requests leave in the same tick.
    """
    names = selected_names(info)
    if names <= served_without:
        return [from_summary(s) for s in summaries]
    parts = parts_of(names, parts_by_field)
    loaded: list[Any] = [
        entity(info, row, key(s), language, parts, functools.partial(build, s)) for s in summaries
    ]
    return loaded
