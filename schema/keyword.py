"""Keywords, and the movies tagged with one: ``keyword(id:) { movies(first: 50) }``.

A keyword's movies are a TMDB list like the list roots' (schema/pages.py), and are a connection
like theirs: ``page``, or ``first`` and ``after`` across TMDB's 20-movie pages, each page the
window spans fetched at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry

from schema import inputs
from schema.context import Info, resolve
from schema.pages import Connection, connection, unset_to_none, window
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE

if TYPE_CHECKING:
    from schema.movie import Movie

# Movie lists its keywords: named lazily.
LazyMovie = Annotated["Movie", strawberry.lazy("schema.movie")]


@strawberry.type(description="A keyword movies and shows are tagged with.")
class Keyword:
    ROW: ClassVar[Resource[tmdb.Keyword]] = TABLE["keywords.details"]
    PARTS: ClassVar[Mapping[str, str]] = {}

    id: int
    name: str

    @strawberry.field(
        description="The movies tagged with it, as a list root lists them: `page` is TMDB's "
        "page, one request; `first` and `after` a window across TMDB's 20-movie pages, each page "
        "it spans fetched at once; neither, the first page. A field a movie's summary lacks costs "
        "one request per movie."
    )
    def movies(
        self,
        info: Info,
        page: int | None = strawberry.UNSET,
        first: int | None = strawberry.UNSET,
        after: str | None = strawberry.UNSET,
        language: str | None = strawberry.UNSET,
    ) -> Connection[LazyMovie] | None:
        within = window(unset_to_none(page), unset_to_none(first), unset_to_none(after))
        return connection(
            info,
            TABLE["keywords.movies"],
            (self.id,),
            inputs.language(unset_to_none(language)),
            (),
            within,
        )

    @classmethod
    def from_tmdb(cls, k: tmdb.Keyword) -> Keyword:
        return cls(id=k.id, name=k.name)


def load_keyword(info: Info, id: int) -> Keyword:
    """The keyword, or an awaitable of it on a cache miss (see ``schema.context.resolve``)."""
    return resolve(info, Keyword.ROW, (id,), None, Keyword.PARTS, Keyword.from_tmdb)


def keywords(items: list[tmdb.Keyword]) -> list[Keyword]:
    """A movie's ``keywords.keywords`` or a show's ``keywords.results``."""
    return [Keyword.from_tmdb(k) for k in items]
