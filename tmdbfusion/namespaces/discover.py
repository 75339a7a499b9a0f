"""``client.discover``: movies and series by filters, a page at a time.

Keywords are TMDB's own, with ``.gte``/``.lte`` spelled ``_gte``/``_lte``
(``vote_average_gte=7`` is sent as ``vote_average.gte=7``). In the ``with_...`` lists a comma
means "and", a pipe "or": ``with_genres="18,35"``.
"""

from typing import Literal

from tmdbfusion import models
from tmdbfusion.operation import Mode, Namespace, get, pages
from tmdbfusion.resource import QUERY

MovieSort = Literal[
    "original_title.asc",
    "original_title.desc",
    "popularity.asc",
    "popularity.desc",
    "revenue.asc",
    "revenue.desc",
    "primary_release_date.asc",
    "title.asc",
    "title.desc",
    "primary_release_date.desc",
    "vote_average.asc",
    "vote_average.desc",
    "vote_count.asc",
    "vote_count.desc",
]
TVSort = Literal[
    "first_air_date.asc",
    "first_air_date.desc",
    "name.asc",
    "name.desc",
    "original_name.asc",
    "original_name.desc",
    "popularity.asc",
    "popularity.desc",
    "vote_average.asc",
    "vote_average.desc",
    "vote_count.asc",
    "vote_count.desc",
]


class Discover(Namespace[Mode]):
    namespace = "discover"

    @get("/discover/movie", ttl=QUERY)
    def movie(
        self,
        *,
        certification: str | None = None,
        certification_gte: str | None = None,
        certification_lte: str | None = None,
        certification_country: str | None = None,
        include_adult: bool | None = None,
        include_video: bool | None = None,
        language: str | None = None,
        page: int | None = None,
        primary_release_year: int | None = None,
        primary_release_date_gte: str | None = None,
        primary_release_date_lte: str | None = None,
        region: str | None = None,
        release_date_gte: str | None = None,
        release_date_lte: str | None = None,
        sort_by: MovieSort | None = None,
        vote_average_gte: float | None = None,
        vote_average_lte: float | None = None,
        vote_count_gte: float | None = None,
        vote_count_lte: float | None = None,
        watch_region: str | None = None,
        with_cast: str | None = None,
        with_companies: str | None = None,
        with_crew: str | None = None,
        with_genres: str | None = None,
        with_keywords: str | None = None,
        with_origin_country: str | None = None,
        with_original_language: str | None = None,
        with_people: str | None = None,
        with_release_type: int | str | None = None,
        with_runtime_gte: int | None = None,
        with_runtime_lte: int | None = None,
        with_watch_monetization_types: str | None = None,
        with_watch_providers: str | None = None,
        without_companies: str | None = None,
        without_genres: str | None = None,
        without_keywords: str | None = None,
        without_watch_providers: str | None = None,
        year: int | None = None,
    ) -> models.MoviePage: ...

    movie_pages = pages(movie)

    @get("/discover/tv", ttl=QUERY)
    def tv(
        self,
        *,
        air_date_gte: str | None = None,
        air_date_lte: str | None = None,
        first_air_date_year: int | None = None,
        first_air_date_gte: str | None = None,
        first_air_date_lte: str | None = None,
        include_adult: bool | None = None,
        include_null_first_air_dates: bool | None = None,
        language: str | None = None,
        page: int | None = None,
        screened_theatrically: bool | None = None,
        sort_by: TVSort | None = None,
        timezone: str | None = None,
        vote_average_gte: float | None = None,
        vote_average_lte: float | None = None,
        vote_count_gte: float | None = None,
        vote_count_lte: float | None = None,
        watch_region: str | None = None,
        with_companies: str | None = None,
        with_genres: str | None = None,
        with_keywords: str | None = None,
        with_networks: int | str | None = None,
        with_origin_country: str | None = None,
        with_original_language: str | None = None,
        with_runtime_gte: int | None = None,
        with_runtime_lte: int | None = None,
        with_status: str | None = None,
        with_watch_monetization_types: str | None = None,
        with_watch_providers: str | None = None,
        without_companies: str | None = None,
        without_genres: str | None = None,
        without_keywords: str | None = None,
        without_watch_providers: str | None = None,
        with_type: str | None = None,
    ) -> models.TVSeriesPage: ...

    tv_pages = pages(tv)
