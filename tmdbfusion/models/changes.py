"""Change histories: an entity's own changes and the pages of changed ids."""

from __future__ import annotations

from typing import Any

import msgspec

from tmdbfusion.models.common import Page


class ChangeItem(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    # The value's shape depends on the changed key (a string, a number, an image object, ...).
    id: str = ""
    action: str = ""
    time: str = ""
    iso_639_1: str | None = None
    iso_3166_1: str | None = None
    value: Any = None
    original_value: Any = None


class Change(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    key: str = ""
    items: list[ChangeItem] = []


class Changes(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    changes: list[Change] = []


class ChangedId(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    adult: bool | None = None


ChangesPage = Page[ChangedId]
