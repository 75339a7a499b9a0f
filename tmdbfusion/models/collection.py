"""A collection of movies (a franchise)."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.search import MovieSummary


class CollectionPart(MovieSummary, frozen=True, gc=False, kw_only=True):
    """A movie of a collection; TMDB's own example names some parts like shows."""

    name: str | None = None
    original_name: str | None = None


class Collection(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""
    original_name: str | None = None
    original_language: str | None = None
    overview: str | None = None
    poster_path: str | None = None
    backdrop_path: str | None = None
    parts: list[CollectionPart] = []
