"""The root of the graph: one field per TMDB entity kind, and the reference lists."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema import inputs
from schema.browse import BrowseQuery
from schema.collection import Collection, load_collection
from schema.common import Genre
from schema.company import Company, Network, load_company, load_network
from schema.context import Info
from schema.episodegroup import EpisodeGroup, load_episode_group
from schema.find import ExternalSource, FindResults, load_find
from schema.keyword import Keyword, load_keyword
from schema.movie import Movie, load_movie
from schema.person import Person, load_person
from schema.ratings import CountryCertifications
from schema.reference import (
    Configuration,
    Credit,
    MediaKind,
    load_certifications,
    load_credit,
    load_genres,
    load_watch_providers,
    load_watch_regions,
)
from schema.review import Review, load_review
from schema.search import SearchQuery
from schema.tv import TVShow, load_tv
from schema.watch import WatchProvider, WatchRegion

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

    # --- Entities by id, and reference data (issue 8: collections, companies, networks,
    # keywords, reviews, credits, genres, certifications, configuration, watch providers).

    @strawberry.field(description="A collection (franchise) by its TMDB id.")
    def collection(
        self, info: Info, id: int, language: Language = strawberry.UNSET
    ) -> Collection | None:
        return load_collection(info, id, inputs.language(language))

    @strawberry.field(description="A production company by its TMDB id.")
    def company(self, info: Info, id: int) -> Company | None:
        return load_company(info, id)

    @strawberry.field(description="A TV network by its TMDB id.")
    def network(self, info: Info, id: int) -> Network | None:
        return load_network(info, id)

    @strawberry.field(
        description="An episode group (another order of a show's episodes) by its TMDB id, "
        "as a show's `episodeGroups` list it."
    )
    def episode_group(self, info: Info, id: str) -> EpisodeGroup | None:
        return load_episode_group(info, id, None)

    @strawberry.field(description="A keyword by its TMDB id.")
    def keyword(self, info: Info, id: int) -> Keyword | None:
        return load_keyword(info, id)

    @strawberry.field(description="A review by its TMDB id.")
    def review(self, info: Info, id: str) -> Review | None:
        return load_review(info, id)

    @strawberry.field(description="A credit by its TMDB id (a cast or crew entry's `creditId`).")
    def credit(self, info: Info, id: str, language: Language = strawberry.UNSET) -> Credit | None:
        return load_credit(info, id, inputs.language(language))

    @strawberry.field(
        description="What TMDB holds under another site's id (`tt0137523` from IMDb): one "
        "request, its movies, shows and people served from their summaries."
    )
    def find(
        self,
        info: Info,
        external_id: str,
        source: ExternalSource,
        language: Language = strawberry.UNSET,
    ) -> FindResults | None:
        return load_find(info, inputs.external_id(external_id), source, inputs.language(language))

    @strawberry.field(description="TMDB's movie or TV genres.")
    def genres(
        self, info: Info, kind: MediaKind, language: Language = strawberry.UNSET
    ) -> list[Genre] | None:
        return load_genres(info, kind, inputs.language(language))

    @strawberry.field(description="The age certifications of each country, for movies or TV.")
    def certifications(self, info: Info, kind: MediaKind) -> list[CountryCertifications] | None:
        return load_certifications(info, kind)

    @strawberry.field(description="TMDB's configuration lists (countries, languages, jobs, ...).")
    def configuration(self) -> Configuration:
        return Configuration()

    @strawberry.field(
        description="The streaming, rental and purchase services TMDB knows for movies or TV; "
        "in one region (ISO 3166-1, `US`) if given, with their priority there."
    )
    def watch_providers(
        self,
        info: Info,
        kind: MediaKind,
        region: str | None = strawberry.UNSET,
        language: Language = strawberry.UNSET,
    ) -> list[WatchProvider] | None:
        return load_watch_providers(info, kind, inputs.region(region), inputs.language(language))

    @strawberry.field(description="The regions TMDB has watch providers for.")
    def watch_provider_regions(
        self, info: Info, language: Language = strawberry.UNSET
    ) -> list[WatchRegion] | None:
        return load_watch_regions(info, inputs.language(language))
