"""Search: TMDB's searches as connections of full entities, served from the summaries TMDB sends.

``searchMulti`` mixes kinds in TMDB's order of relevance, as the union ``MultiResult``. Besides
movies, shows and people, TMDB's ``search/multi`` answers collections too (a recorded answer to
``batman`` lists the ``Star Wars spin off collection`` first), so the union has ``Collection``:
dropping them would break TMDB's order and its counts.
"""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from schema import inputs
from schema.collection import Collection
from schema.company import Company
from schema.context import Info
from schema.keyword import Keyword
from schema.movie import Movie
from schema.pages import Connection, connection, unset_to_none, window
from schema.person import Person
from schema.tv import TVShow
from tmdbfusion.resource import query_params
from tmdbfusion.resources import TABLE

MultiResult = Annotated[
    Movie | TVShow | Person | Collection,
    strawberry.union("MultiResult", description="A result of a search or trend of mixed kinds."),
]

# UNSET rather than None, so the schema shows no default where TMDB has its own (see query.py).
Language = Annotated[
    str | None,
    strawberry.argument(
        description="ISO 639-1 code, optionally with a region (`de`, `pt-BR`); the results' "
        "entities inherit it."
    ),
]
Page = Annotated[
    int | None,
    strawberry.argument(description="TMDB's page (1 to 500); not with `first` or `after`."),
]
First = Annotated[
    int | None,
    strawberry.argument(description="How many results, from the start or after `after`."),
]
After = Annotated[
    str | None,
    strawberry.argument(description="The cursor of the result before the first one wanted."),
]
Query = Annotated[
    str, strawberry.argument(description="The text to look for (1 to 300 characters).")
]
IncludeAdult = Annotated[
    bool | None, strawberry.argument(description="Whether to list adult titles (TMDB: no).")
]


def search(
    info: Info,
    row: str,
    language: str | None,
    page: int | None,
    first: int | None,
    after: str | None,
    query: str,
    **params: Any,
) -> Connection[Any]:
    """The connection of one search, every string argument checked before anything is sent."""
    within = window(unset_to_none(page), unset_to_none(first), unset_to_none(after))
    values = {name: unset_to_none(value) for name, value in params.items()}
    values["query"] = inputs.query(query)
    return connection(
        info,
        TABLE[row],
        (),
        inputs.language(unset_to_none(language)),
        query_params(**values),
        within,
    )


@strawberry.type
class SearchQuery:
    """The root fields of search; ``Query`` inherits them."""

    @strawberry.field(
        description="Movies, shows, people and collections at once, in TMDB's order of relevance."
    )
    def search_multi(
        self,
        info: Info,
        query: Query,
        include_adult: IncludeAdult = strawberry.UNSET,
        language: Language = strawberry.UNSET,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[MultiResult] | None:
        return search(
            info,
            "search.multi",
            language,
            page,
            first,
            after,
            query=query,
            include_adult=include_adult,
        )

    @strawberry.field(description="Movies by title (original, translated and alternative).")
    def search_movies(
        self,
        info: Info,
        query: Query,
        year: int | None = strawberry.UNSET,
        primary_release_year: int | None = strawberry.UNSET,
        region: str | None = strawberry.UNSET,
        include_adult: IncludeAdult = strawberry.UNSET,
        language: Language = strawberry.UNSET,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[Movie] | None:
        return search(
            info,
            "search.movie",
            language,
            page,
            first,
            after,
            query=query,
            year=year,
            primary_release_year=primary_release_year,
            region=inputs.region(unset_to_none(region)),
            include_adult=include_adult,
        )

    @strawberry.field(description="TV shows by name (original, translated and alternative).")
    def search_tv(
        self,
        info: Info,
        query: Query,
        first_air_date_year: int | None = strawberry.UNSET,
        year: int | None = strawberry.UNSET,
        include_adult: IncludeAdult = strawberry.UNSET,
        language: Language = strawberry.UNSET,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[TVShow] | None:
        return search(
            info,
            "search.tv",
            language,
            page,
            first,
            after,
            query=query,
            first_air_date_year=first_air_date_year,
            year=year,
            include_adult=include_adult,
        )

    @strawberry.field(description="People by name (and names they are also known as).")
    def search_people(
        self,
        info: Info,
        query: Query,
        include_adult: IncludeAdult = strawberry.UNSET,
        language: Language = strawberry.UNSET,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[Person] | None:
        return search(
            info,
            "search.person",
            language,
            page,
            first,
            after,
            query=query,
            include_adult=include_adult,
        )

    @strawberry.field(description="Collections (franchises) by name.")
    def search_collections(
        self,
        info: Info,
        query: Query,
        region: str | None = strawberry.UNSET,
        include_adult: IncludeAdult = strawberry.UNSET,
        language: Language = strawberry.UNSET,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[Collection] | None:
        return search(
            info,
            "search.collection",
            language,
            page,
            first,
            after,
            query=query,
            region=inputs.region(unset_to_none(region)),
            include_adult=include_adult,
        )

    @strawberry.field(description="Production companies by name (TMDB takes no language here).")
    def search_companies(
        self,
        info: Info,
        query: Query,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[Company] | None:
        return search(info, "search.company", None, page, first, after, query=query)

    @strawberry.field(description="Keywords by name (TMDB takes no language here).")
    def search_keywords(
        self,
        info: Info,
        query: Query,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[Keyword] | None:
        return search(info, "search.keyword", None, page, first, after, query=query)
