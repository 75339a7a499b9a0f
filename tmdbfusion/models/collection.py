"""A collection of movies (a franchise)."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.search import MovieSummary


class Collection(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""
    parts: list[MovieSummary] = []
