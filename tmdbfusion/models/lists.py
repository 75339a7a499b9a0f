"""User lists: the lists a movie or show appears on, one list, and an item's presence on it."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.common import Page
from tmdbfusion.models.search import MultiResult


class ListSummary(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""


ListsPage = Page[ListSummary]


class ListDetails(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | str
    name: str = ""
    items: list[MultiResult] = []


class ListItemStatus(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | str | None = None
    item_present: bool = False
