"""Browsing: discover, trending and TMDB's charts, as connections (schema/pages.py) of full
entities served from the summaries TMDB sends (schema/summary.py)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

import strawberry

from schema import inputs
from schema.context import Info
from schema.discover import MovieFilter, MovieSort, TVFilter, TVSort, movie_params, tv_params
from schema.movie import Movie
from schema.pages import Connection, connection, unset_to_none, window
from schema.person import Person
from schema.search import After, First, Language, MultiResult, Page
from schema.tv import TVShow
from tmdbfusion.resource import Key, query_params
from tmdbfusion.resources import TABLE

Region = Annotated[
    str | None, strawberry.argument(description="ISO 3166-1 code (`US`): the chart of a region.")
]
Timezone = Annotated[
    str | None,
    strawberry.argument(description="IANA name (`Europe/Paris`) the day is counted in."),
]


@strawberry.enum(description="What a trending list holds.")
class TrendingMediaType(Enum):
    ALL = "all"
    MOVIE = "movie"
    TV = "tv"
    PERSON = "person"


@strawberry.enum(description="How far back trending looks.")
class TimeWindow(Enum):
    DAY = "day"
    WEEK = "week"


def browse(
    info: Info,
    row: str,
    key: Key,
    language: str | None,
    page: int | None,
    first: int | None,
    after: str | None,
    **params: Any,
) -> Connection[Any]:
    """The connection of one list row; ``params`` are its keyword arguments, already checked."""
    within = window(unset_to_none(page), unset_to_none(first), unset_to_none(after))
    values = {name: unset_to_none(value) for name, value in params.items()}
    return connection(
        info,
        TABLE[row],
        key,
        inputs.language(unset_to_none(language)),
        query_params(**values),
        within,
    )


def chart(
    info: Info, row: str, language: str | None, page: Any, first: Any, after: Any
) -> Connection[Any]:
    return browse(info, row, (), language, page, first, after)


def regional_chart(
    info: Info,
    row: str,
    region: str | None,
    language: str | None,
    page: Any,
    first: Any,
    after: Any,
) -> Connection[Any]:
    region = inputs.region(unset_to_none(region))
    return browse(info, row, (), language, page, first, after, region=region)


def daily_chart(
    info: Info,
    row: str,
    timezone: str | None,
    language: str | None,
    page: Any,
    first: Any,
    after: Any,
) -> Connection[Any]:
    timezone = inputs.timezone(unset_to_none(timezone))
    return browse(info, row, (), language, page, first, after, timezone=timezone)


# Every root below takes `language`, then `page` or `first`/`after`: UNSET, so that the schema
# shows no default where TMDB has its own.
@strawberry.type
class BrowseQuery:
    """The root fields of discover, trending and the charts; ``Query`` inherits them."""

    @strawberry.field(description="Movies matching every filter given, in the order asked.")
    def discover_movies(
        self,
        info: Info,
        filter: MovieFilter | None = strawberry.UNSET,
        sort_by: MovieSort | None = strawberry.UNSET,
        language: Language = strawberry.UNSET,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[Movie] | None:
        params = movie_params(filter, sort_by)
        return browse(info, "discover.movie", (), language, page, first, after, **params)

    @strawberry.field(description="TV shows matching every filter given, in the order asked.")
    def discover_tv(
        self,
        info: Info,
        filter: TVFilter | None = strawberry.UNSET,
        sort_by: TVSort | None = strawberry.UNSET,
        language: Language = strawberry.UNSET,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[TVShow] | None:
        params = tv_params(filter, sort_by)
        return browse(info, "discover.tv", (), language, page, first, after, **params)

    @strawberry.field(description="What is trending on TMDB, of one kind or all (mixed).")
    def trending(
        self,
        info: Info,
        media_type: TrendingMediaType = TrendingMediaType.ALL,
        time_window: TimeWindow = TimeWindow.DAY,
        language: Language = strawberry.UNSET,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[MultiResult] | None:
        row = f"trending.{media_type.value}"
        return browse(info, row, (time_window.value,), language, page, first, after)

    @strawberry.field(description="TMDB's popular movies, of a region if given.")
    def popular_movies(
        self,
        info: Info,
        region: Region = strawberry.UNSET,
        language: Language = strawberry.UNSET,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[Movie] | None:
        return regional_chart(info, "movies.popular", region, language, page, first, after)

    @strawberry.field(description="TMDB's top rated movies, of a region if given.")
    def top_rated_movies(
        self,
        info: Info,
        region: Region = strawberry.UNSET,
        language: Language = strawberry.UNSET,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[Movie] | None:
        return regional_chart(info, "movies.top_rated", region, language, page, first, after)

    @strawberry.field(description="Movies in theatres now, in a region if given.")
    def now_playing_movies(
        self,
        info: Info,
        region: Region = strawberry.UNSET,
        language: Language = strawberry.UNSET,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[Movie] | None:
        return regional_chart(info, "movies.now_playing", region, language, page, first, after)

    @strawberry.field(description="Movies soon in theatres, in a region if given.")
    def upcoming_movies(
        self,
        info: Info,
        region: Region = strawberry.UNSET,
        language: Language = strawberry.UNSET,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[Movie] | None:
        return regional_chart(info, "movies.upcoming", region, language, page, first, after)

    @strawberry.field(description="Shows with an episode airing today.")
    def airing_today_tv(
        self,
        info: Info,
        timezone: Timezone = strawberry.UNSET,
        language: Language = strawberry.UNSET,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[TVShow] | None:
        return daily_chart(info, "tv.airing_today", timezone, language, page, first, after)

    @strawberry.field(description="Shows with an episode airing in the next seven days.")
    def on_the_air_tv(
        self,
        info: Info,
        timezone: Timezone = strawberry.UNSET,
        language: Language = strawberry.UNSET,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[TVShow] | None:
        return daily_chart(info, "tv.on_the_air", timezone, language, page, first, after)

    @strawberry.field(description="TMDB's popular TV shows.")
    def popular_tv(
        self,
        info: Info,
        language: Language = strawberry.UNSET,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[TVShow] | None:
        return chart(info, "tv.popular", language, page, first, after)

    @strawberry.field(description="TMDB's top rated TV shows.")
    def top_rated_tv(
        self,
        info: Info,
        language: Language = strawberry.UNSET,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[TVShow] | None:
        return chart(info, "tv.top_rated", language, page, first, after)

    @strawberry.field(description="TMDB's popular people.")
    def popular_people(
        self,
        info: Info,
        language: Language = strawberry.UNSET,
        page: Page = strawberry.UNSET,
        first: First = strawberry.UNSET,
        after: After = strawberry.UNSET,
    ) -> Connection[Person] | None:
        return chart(info, "people.popular", language, page, first, after)
