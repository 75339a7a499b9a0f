"""Collections: the movies of a franchise, as TMDB groups them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import strawberry

from schema.common import blank_to_none
from schema.images import BackdropSize, PosterSize, image_url
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE


@strawberry.type(description="A collection of movies: a franchise (`Star Wars Collection`).")
class Collection:
    # The row a collection is loaded by; TMDB appends no parts to it.
    ROW: ClassVar[Resource[tmdb.Collection]] = TABLE["collections.details"]
    PARTS: ClassVar[Mapping[str, str]] = {}

    id: int
    name: str
    original_name: str | None
    original_language: str | None
    overview: str | None
    poster_path: str | None
    backdrop_path: str | None

    @strawberry.field(description="The poster's URL at a TMDB size.")
    def poster_url(self, size: PosterSize = PosterSize.W500) -> str | None:
        return image_url(self.poster_path, size)

    @strawberry.field(description="The backdrop's URL at a TMDB size.")
    def backdrop_url(self, size: BackdropSize = BackdropSize.W780) -> str | None:
        return image_url(self.backdrop_path, size)

    @classmethod
    def from_tmdb(cls, c: tmdb.Collection, language: str | None = None) -> Collection:
        return cls(
            id=c.id,
            name=c.name,
            original_name=blank_to_none(c.original_name),
            original_language=blank_to_none(c.original_language),
            overview=blank_to_none(c.overview),
            poster_path=c.poster_path,
            backdrop_path=c.backdrop_path,
        )
