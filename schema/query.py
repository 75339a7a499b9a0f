"""The root of the graph: one field per TMDB entity kind."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema import inputs
from schema.browse import BrowseQuery
from schema.context import Info
from schema.movie import Movie, load_movie
from schema.person import Person, load_person
from schema.search import SearchQuery
from schema.tv import TVShow, load_tv

# UNSET rather than None, so the schema says `language: String` with no default, as TMDB does:
# an absent language means TMDB's own default, which is not the same as asking for "null".
Language = Annotated[
    str | None,
    strawberry.argument(description="ISO 639-1 code, optionally with a region (`de`, `pt-BR`)."),
]


# --- The roots of search, discover, trending and charts (schema8a) live in their own modules'
# types, which Query inherits: see schema/search.py and schema/browse.py. ---


@strawberry.type
class Query(SearchQuery, BrowseQuery):
    # Plain ``def`` resolvers: a cached entity is returned at once, a miss as an awaitable that
    # graphql-core awaits (schema.context.resolve). Each plans its parts from its selection.

    @strawberry.field(description="A movie by its TMDB id; null with a NOT_FOUND error if none.")
    def movie(self, info: Info, id: int, language: Language = strawberry.UNSET) -> Movie | None:
        return load_movie(info, id, inputs.language(language))

    @strawberry.field(description="A person by their TMDB id; null with a NOT_FOUND error if none.")
    def person(self, info: Info, id: int, language: Language = strawberry.UNSET) -> Person | None:
        return load_person(info, id, inputs.language(language))

    @strawberry.field(description="A TV show by its TMDB id; null with a NOT_FOUND error if none.")
    def tv(self, info: Info, id: int, language: Language = strawberry.UNSET) -> TVShow | None:
        return load_tv(info, id, inputs.language(language))
