"""Change histories: an entity's own changes and the changed-ids lists."""

from __future__ import annotations

from typing import Any

import msgspec

from tmdbfusion.models.common import Page


class ChangeItem(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: str = ""
    action: str = ""
    value: Any = None


class Change(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    key: str = ""
    items: list[ChangeItem] = []


class Changes(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    changes: list[Change] = []


class ChangedId(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    adult: bool | None = None


ChangesPage = Page[ChangedId]
