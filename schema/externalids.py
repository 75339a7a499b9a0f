"""External ids (part ``external_ids``): what other sites call a movie, show, season, episode or
person. Blank ids are null; ids TMDB sends as numbers (TVDB, TVRage) stay numbers."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

import msgspec
import strawberry

T = TypeVar("T")


def external_ids(cls: type[T], ids: msgspec.Struct) -> T:
    """``cls`` with each of its fields read from TMDB's Struct, whose names are the same."""
    values: dict[str, Any] = {}
    for name in _names(cls):
        value = getattr(ids, name)
        values[name] = value if value != "" else None
    return cls(**values)


_NAMES: dict[type[Any], tuple[str, ...]] = {}


def _names(cls: type[Any]) -> tuple[str, ...]:
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


@strawberry.type(description="A movie's ids on other sites.")
class MovieExternalIds:
    imdb_id: str | None
    wikidata_id: str | None
    facebook_id: str | None
    instagram_id: str | None
    twitter_id: str | None


@strawberry.type(description="A show's ids on other sites.")
class TVShowExternalIds:
    imdb_id: str | None
    freebase_mid: str | None
    freebase_id: str | None
    tvdb_id: int | None
    tvrage_id: int | None
    wikidata_id: str | None
    facebook_id: str | None
    instagram_id: str | None
    twitter_id: str | None


@strawberry.type(description="A season's ids on other sites.")
class SeasonExternalIds:
    freebase_mid: str | None
    freebase_id: str | None
    tvdb_id: int | None
    tvrage_id: int | None
    wikidata_id: str | None


@strawberry.type(description="An episode's ids on other sites.")
class EpisodeExternalIds:
    imdb_id: str | None
    freebase_mid: str | None
    freebase_id: str | None
    tvdb_id: int | None
    tvrage_id: int | None
    wikidata_id: str | None


@strawberry.type(description="A person's ids on other sites.")
class PersonExternalIds:
    imdb_id: str | None
    freebase_mid: str | None
    freebase_id: str | None
    tvrage_id: int | None
    wikidata_id: str | None
    facebook_id: str | None
    instagram_id: str | None
    tiktok_id: str | None
    twitter_id: str | None
    youtube_id: str | None
