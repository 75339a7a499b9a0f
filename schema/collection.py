"""Collections: the films of a franchise (Star Wars, Toy Story).

A movie embeds its collection as a summary (id, name, poster, backdrop); the details cost one
request per distinct collection, and only when a field the summary lacks is selected.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, ClassVar, Final

import strawberry

from schema.common import blank_to_none
from schema.context import Info, resolve
from schema.images import BackdropSize, PosterSize, image_url
from schema.summary import kind, summaries
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE

if TYPE_CHECKING:
    from schema.movie import Movie

# Movie reaches Collection through belongsToCollection: named lazily.
LazyMovie = Annotated["Movie", strawberry.lazy("schema.movie")]


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
    _parts: strawberry.Private[Sequence[tmdb.CollectionPart]]
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The poster's URL at a TMDB size.")
    def poster_url(self, size: PosterSize = PosterSize.W500) -> str | None:
        return image_url(self.poster_path, size)

    @strawberry.field(description="The backdrop's URL at a TMDB size.")
    def backdrop_url(self, size: BackdropSize = BackdropSize.W780) -> str | None:
        return image_url(self.backdrop_path, size)

    @strawberry.field(
        description="Its movies, as the collection lists them (only a collection fetched by id "
        "lists them); a field their summary lacks costs one request per movie."
    )
    def parts(self, info: Info) -> list[LazyMovie | None]:
        return summaries(info, self._parts, self._language)

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
            _parts=c.parts,
            _language=language,
        )


def load_collection(info: Info, id: int, language: str | None) -> Collection:
    """The collection, or an awaitable of it on a cache miss (see ``schema.context.resolve``)."""
    return resolve(
        info,
        Collection.ROW,
        (id,),
        language,
        Collection.PARTS,
        lambda c: Collection.from_tmdb(c, language),
    )


def collection(info: Info, summary: tmdb.CollectionSummary, language: str | None) -> Collection:
    """A movie's collection: from its summary, or loaded in the movie's language if needed."""
    found: Collection = summaries(info, [summary], language, kind=EMBEDDED)[0]
    return found


def _promoted(value: tmdb.CollectionSummary) -> tmdb.Collection:
    # search/multi names a collection like a movie (`title`, `original_title`).
    return tmdb.Collection(
        id=value.id,
        name=value.name or value.title or "",
        original_name=value.original_name or value.original_title,
        original_language=value.original_language,
        overview=value.overview,
        poster_path=value.poster_path,
        backdrop_path=value.backdrop_path,
    )


# A collection as searches list it; a collection's `title`, where search/multi sends one, is its
# `name`.
SUMMARY: Final = kind(
    Collection, tmdb.CollectionSummary, promote=_promoted, also=("name", "original_name")
)
# A movie's ``belongs_to_collection``: the same Struct, but only these fields filled in.
EMBEDDED: Final = kind(
    Collection,
    tmdb.CollectionSummary,
    promote=_promoted,
    fields=("id", "name", "poster_path", "backdrop_path"),
)
