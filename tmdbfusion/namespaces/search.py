"""``client.search``, ``client.discover`` and ``client.trending``: pages of summaries.

``search.multi`` and ``trending.all`` mix movies, series and people; each result is the summary
Struct its ``media_type`` names.
"""

from typing import Literal

from tmdbfusion import models
from tmdbfusion.operation import Mode, Namespace, get, pages
from tmdbfusion.resource import ENTITY, QUERY

TimeWindow = Literal["day", "week"]


class Search(Namespace[Mode]):
    namespace = "search"

    @get("/search/collection", ttl=ENTITY)
    def collection(
        self,
        *,
        query: str,
        include_adult: bool | None = None,
        language: str | None = None,
        page: int | None = None,
        region: str | None = None,
    ) -> models.CollectionPage: ...

    collection_pages = pages(collection)

    @get("/search/company", ttl=ENTITY)
    def company(self, *, query: str, page: int | None = None) -> models.CompanyPage: ...

    company_pages = pages(company)

    @get("/search/keyword", ttl=ENTITY)
    def keyword(self, *, query: str, page: int | None = None) -> models.KeywordPage: ...

    keyword_pages = pages(keyword)

    @get("/search/movie", ttl=QUERY)
    def movie(
        self,
        *,
        query: str,
        include_adult: bool | None = None,
        language: str | None = None,
        primary_release_year: int | None = None,
        page: int | None = None,
        region: str | None = None,
        year: int | None = None,
    ) -> models.MoviePage: ...

    movie_pages = pages(movie)

    @get("/search/multi", ttl=QUERY)
    def multi(
        self,
        *,
        query: str,
        include_adult: bool | None = None,
        language: str | None = None,
        page: int | None = None,
    ) -> models.MultiPage:
        """Movies, series and people at once, in TMDB's order of relevance."""

    multi_pages = pages(multi)

    @get("/search/person", ttl=QUERY)
    def person(
        self,
        *,
        query: str,
        include_adult: bool | None = None,
        language: str | None = None,
        page: int | None = None,
    ) -> models.PersonPage: ...

    person_pages = pages(person)

    @get("/search/tv", ttl=QUERY)
    def tv(
        self,
        *,
        query: str,
        first_air_date_year: int | None = None,
        include_adult: bool | None = None,
        language: str | None = None,
        page: int | None = None,
        year: int | None = None,
    ) -> models.TVSeriesPage: ...

    tv_pages = pages(tv)


class Trending(Namespace[Mode]):
    """Trending lists. TMDB's spec lists no ``page`` for them, yet they are paged (a recorded
    answer counts 1,000 pages) and TMDB's own clients send one (``?language=en-US&page=1``, the
    request c-eg/themoviedbapi records for trending_all__week.json): the table takes it."""

    namespace = "trending"

    @get("/trending/all/{time_window}", ttl=QUERY)
    def all(
        self, time_window: TimeWindow, /, *, language: str | None = None, page: int | None = None
    ) -> models.MultiPage:
        """Movies, series and people trending over the last ``"day"`` or ``"week"``."""

    all_pages = pages(all)

    @get("/trending/movie/{time_window}", ttl=QUERY)
    def movie(
        self, time_window: TimeWindow, /, *, language: str | None = None, page: int | None = None
    ) -> models.MoviePage: ...

    movie_pages = pages(movie)

    @get("/trending/person/{time_window}", ttl=QUERY)
    def person(
        self, time_window: TimeWindow, /, *, language: str | None = None, page: int | None = None
    ) -> models.PersonPage: ...

    person_pages = pages(person)

    @get("/trending/tv/{time_window}", ttl=QUERY)
    def tv(
        self, time_window: TimeWindow, /, *, language: str | None = None, page: int | None = None
    ) -> models.TVSeriesPage: ...

    tv_pages = pages(tv)
