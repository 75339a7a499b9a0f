"""User lists: the lists a movie or show appears on, one list, and an item's presence on it."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.common import Page
from tmdbfusion.models.search import MultiResult


class ListSummary(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""
    description: str | None = None
    list_type: str | None = None
    item_count: int | None = None
    favorite_count: int | None = None
    iso_639_1: str | None = None
    iso_3166_1: str | None = None
    poster_path: str | None = None


ListsPage = Page[ListSummary]


class ListDetails(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """A v3 list with its movies and shows (TMDB sends its id as a string)."""

    id: int | str
    name: str = ""
    description: str | None = None
    created_by: str | None = None
    item_count: int | None = None
    favorite_count: int | None = None
    iso_639_1: str | None = None
    poster_path: str | None = None
    items: list[MultiResult] = []


class ListItemStatus(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | str | None = None
    item_present: bool = False
