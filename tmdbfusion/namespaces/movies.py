"""``client.movies``: a movie, each of its parts on its own, and the movie charts."""

from collections.abc import Sequence
from typing import Literal

from tmdbfusion import models
from tmdbfusion.operation import Mode, Namespace, get, pages
from tmdbfusion.resource import CHART, ENTITY, UNCACHED

# The parts TMDB appends to a movie, by TMDB's own names (account_states needs a user session).
MoviePart = Literal[
    "alternative_titles",
    "changes",
    "credits",
    "external_ids",
    "images",
    "keywords",
    "lists",
    "recommendations",
    "release_dates",
    "reviews",
    "similar",
    "translations",
    "videos",
    "watch/providers",
]


class Movies(Namespace[Mode]):
    namespace = "movies"

    @get("/movie/{movie_id}", ttl=ENTITY)
    def details(
        self, movie_id: int, /, *, language: str | None = None, append: Sequence[MoviePart] = ()
    ) -> models.Movie:
        """A movie; each part in ``append`` comes in the same request, as the field it names."""

    @get("/movie/{movie_id}/alternative_titles", ttl=ENTITY)
    def alternative_titles(
        self, movie_id: int, /, *, country: str | None = None
    ) -> models.MovieAlternativeTitles: ...

    @get("/movie/{movie_id}/changes", ttl=ENTITY)
    def changes(
        self,
        movie_id: int,
        /,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
        page: int | None = None,
    ) -> models.Changes: ...

    @get("/movie/{movie_id}/credits", ttl=ENTITY)
    def credits(self, movie_id: int, /, *, language: str | None = None) -> models.Credits: ...

    @get("/movie/{movie_id}/external_ids", ttl=ENTITY)
    def external_ids(self, movie_id: int, /) -> models.MovieExternalIds: ...

    @get("/movie/{movie_id}/images", ttl=ENTITY)
    def images(
        self,
        movie_id: int,
        /,
        *,
        include_image_language: str | None = None,
        language: str | None = None,
    ) -> models.Images: ...

    @get("/movie/{movie_id}/keywords", ttl=ENTITY)
    def keywords(self, movie_id: int, /) -> models.MovieKeywords: ...

    @get("/movie/{movie_id}/lists", ttl=UNCACHED)
    def lists(
        self, movie_id: int, /, *, language: str | None = None, page: int | None = None
    ) -> models.ListsPage: ...

    lists_pages = pages(lists)

    @get("/movie/{movie_id}/recommendations", ttl=ENTITY)
    def recommendations(
        self, movie_id: int, /, *, language: str | None = None, page: int | None = None
    ) -> models.MoviePage: ...

    recommendations_pages = pages(recommendations)

    @get("/movie/{movie_id}/release_dates", ttl=ENTITY)
    def release_dates(self, movie_id: int, /) -> models.ReleaseDates: ...

    @get("/movie/{movie_id}/reviews", ttl=ENTITY)
    def reviews(
        self, movie_id: int, /, *, language: str | None = None, page: int | None = None
    ) -> models.ReviewPage: ...

    reviews_pages = pages(reviews)

    @get("/movie/{movie_id}/similar", ttl=ENTITY)
    def similar(
        self, movie_id: int, /, *, language: str | None = None, page: int | None = None
    ) -> models.MoviePage: ...

    similar_pages = pages(similar)

    @get("/movie/{movie_id}/translations", ttl=ENTITY)
    def translations(self, movie_id: int, /) -> models.Translations: ...

    @get("/movie/{movie_id}/videos", ttl=ENTITY)
    def videos(self, movie_id: int, /, *, language: str | None = None) -> models.Videos: ...

    @get("/movie/{movie_id}/watch/providers", ttl=ENTITY)
    def watch_providers(self, movie_id: int, /) -> models.WatchProviders: ...

    @get("/movie/latest", ttl=UNCACHED)
    def latest(self) -> models.Movie:
        """The movie most recently added to TMDB."""

    @get("/movie/now_playing", ttl=CHART)
    def now_playing(
        self, *, language: str | None = None, page: int | None = None, region: str | None = None
    ) -> models.DatedMoviePage: ...

    now_playing_pages = pages(now_playing)

    @get("/movie/popular", ttl=CHART)
    def popular(
        self, *, language: str | None = None, page: int | None = None, region: str | None = None
    ) -> models.MoviePage: ...

    popular_pages = pages(popular)

    @get("/movie/top_rated", ttl=CHART)
    def top_rated(
        self, *, language: str | None = None, page: int | None = None, region: str | None = None
    ) -> models.MoviePage: ...

    top_rated_pages = pages(top_rated)

    @get("/movie/upcoming", ttl=CHART)
    def upcoming(
        self, *, language: str | None = None, page: int | None = None, region: str | None = None
    ) -> models.DatedMoviePage: ...

    upcoming_pages = pages(upcoming)
