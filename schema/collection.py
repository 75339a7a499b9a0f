"""Collections: the films of a franchise (Star Wars, Toy Story).

A movie embeds its collection as a summary (id, name, poster, backdrop); the details cost one
request per distinct collection, and only when a field the summary lacks is selected.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Final

import strawberry

from schema.common import blank_to_none
from schema.context import Info, resolve
from schema.embedded import summary_or_entity
from schema.images import BackdropSize, PosterSize, image_url
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE

# The fields a movie's ``belongs_to_collection`` serves: selecting any other loads the details.
SUMMARY_FIELDS: Final = frozenset(
    {"__typename", "id", "name", "posterPath", "posterUrl", "backdropPath", "backdropUrl"}
)


@strawberry.type(description="A collection of movies: a franchise.")
class Collection:
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
    def from_tmdb(cls, c: tmdb.Collection) -> Collection:
        return cls(
            id=c.id,
            name=c.name,
            original_name=blank_to_none(c.original_name),
            original_language=blank_to_none(c.original_language),
            overview=blank_to_none(c.overview),
            poster_path=c.poster_path,
            backdrop_path=c.backdrop_path,
        )

    @classmethod
    def from_summary(cls, c: tmdb.CollectionSummary) -> Collection:
        return cls(
            id=c.id,
            name=c.name,
            original_name=None,
            original_language=None,
            overview=None,
            poster_path=c.poster_path,
            backdrop_path=c.backdrop_path,
        )


def load_collection(info: Info, id: int, language: str | None) -> Collection:
    """The collection, or an awaitable of it on a cache miss (see ``schema.context.resolve``)."""
    return resolve(info, Collection.ROW, (id,), language, Collection.PARTS, Collection.from_tmdb)


def collection(info: Info, summary: tmdb.CollectionSummary, language: str | None) -> Collection:
    """A movie's collection: from its summary, or loaded in the movie's language if needed."""
    return summary_or_entity(
        info,
        SUMMARY_FIELDS,
        lambda: Collection.from_summary(summary),
        lambda: load_collection(info, summary.id, language),
    )
