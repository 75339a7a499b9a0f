"""Movies."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar, Final

import strawberry

from schema.collection import Collection, collection
from schema.common import (
    AlternativeTitle,
    Genre,
    ProductionCountry,
    SpokenLanguage,
    Translation,
    Video,
    alternative_titles,
    blank_to_none,
    genres,
    production_countries,
    spoken_languages,
    to_date,
    translations,
    videos,
)
from schema.company import Company, companies
from schema.context import Info, resolve
from schema.credits import EMPTY_CREDITS, Credits
from schema.externalids import MovieExternalIds, external_ids
from schema.images import EMPTY_IMAGES, BackdropSize, Images, PosterSize, image_url
from schema.keyword import Keyword, keywords
from schema.pages import EMPTY_PAGE, Page
from schema.ratings import CountryReleaseDates, release_dates
from schema.review import ReviewPage, UserListPage
from schema.scalars import BigInt, big_int
from schema.summary import kind
from schema.watch import WatchOffers, offers
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE

_NO_IDS: Final = tmdb.MovieExternalIds()


@strawberry.type(description="A movie, with any of its parts fetched in the same TMDB request.")
class Movie:
    # The resource table's row a movie is loaded by, and each GraphQL field served from one of
    # its parts -> that TMDB part (tests/schema/test_parts.py checks them against the row).
    ROW: ClassVar[Resource[tmdb.Movie]] = TABLE["movies.details"]
    PARTS: ClassVar[Mapping[str, str]] = {
        "credits": "credits",
        "images": "images",
        "videos": "videos",
        "keywords": "keywords",
        "reviews": "reviews",
        "lists": "lists",
        "releaseDates": "release_dates",
        "externalIds": "external_ids",
        "alternativeTitles": "alternative_titles",
        "translations": "translations",
        "watchProviders": "watch/providers",
        "recommendations": "recommendations",
        "similar": "similar",
    }

    id: int
    title: str
    original_title: str | None
    original_language: str | None
    overview: str | None
    tagline: str | None
    release_date: date | None
    runtime: int | None
    status: str | None
    imdb_id: str | None
    homepage: str | None
    budget: BigInt | None
    revenue: BigInt | None
    popularity: float | None
    vote_average: float | None
    vote_count: int | None
    adult: bool | None
    video: bool | None = strawberry.field(description="Whether TMDB lists it as a video release.")
    genres: list[Genre]
    origin_country: list[str]
    production_countries: list[ProductionCountry]
    spoken_languages: list[SpokenLanguage]
    poster_path: str | None
    backdrop_path: str | None
    _movie: strawberry.Private[tmdb.Movie]
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The poster's URL at a TMDB size.")
    def poster_url(self, size: PosterSize = PosterSize.W500) -> str | None:
        return image_url(self.poster_path, size)

    @strawberry.field(description="The backdrop's URL at a TMDB size.")
    def backdrop_url(self, size: BackdropSize = BackdropSize.W780) -> str | None:
        return image_url(self.backdrop_path, size)

    # The parts: built only when selected (most operations select few of them).

    @strawberry.field(description="Part `credits`.")
    def credits(self) -> Credits:
        return Credits(_credits=self._movie.credits or EMPTY_CREDITS, _language=self._language)

    @strawberry.field(description="Part `images`.")
    def images(self) -> Images:
        return Images(_images=self._movie.images or EMPTY_IMAGES)

    @strawberry.field(description="Part `videos`.")
    def videos(self) -> list[Video]:
        return videos(self._movie.videos)

    @strawberry.field(description="Part `keywords`.")
    def keywords(self) -> list[Keyword]:
        found = self._movie.keywords
        return keywords(found.keywords if found else [])

    @strawberry.field(description="Part `reviews`: the first page.")
    def reviews(self) -> ReviewPage:
        return ReviewPage.from_tmdb(self._movie.reviews)

    @strawberry.field(description="Part `lists`: the first page of user lists the movie is on.")
    def lists(self) -> UserListPage:
        return UserListPage.from_tmdb(self._movie.lists)

    @strawberry.field(description="Part `release_dates`: releases and certifications per country.")
    def release_dates(self) -> list[CountryReleaseDates]:
        return release_dates(self._movie.release_dates)

    @strawberry.field(description="Part `external_ids`.")
    def external_ids(self) -> MovieExternalIds:
        return external_ids(MovieExternalIds, self._movie.external_ids or _NO_IDS)

    @strawberry.field(description="Part `alternative_titles`.")
    def alternative_titles(self) -> list[AlternativeTitle]:
        found = self._movie.alternative_titles
        return alternative_titles(found.titles if found else [])

    @strawberry.field(description="Part `translations`.")
    def translations(self) -> list[Translation]:
        return translations(self._movie.translations)

    @strawberry.field(
        description="Part `recommendations`: the first page; a field a recommendation's summary "
        "lacks costs one request per movie."
    )
    def recommendations(self) -> MoviePage:
        return MoviePage.from_tmdb(self._movie.recommendations or EMPTY_PAGE, self._language)

    @strawberry.field(
        description="Part `similar`: the first page; a field a movie's summary lacks costs one "
        "request per movie."
    )
    def similar(self) -> MoviePage:
        return MoviePage.from_tmdb(self._movie.similar or EMPTY_PAGE, self._language)

    @strawberry.field(
        description="The collection (franchise) it belongs to; its details cost one request."
    )
    def belongs_to_collection(self, info: Info) -> Collection | None:
        summary = self._movie.belongs_to_collection
        return None if summary is None else collection(info, summary, self._language)

    @strawberry.field(
        description="Who produced it; a company's details cost one request per company."
    )
    def production_companies(self, info: Info) -> list[Company | None]:
        return companies(info, self._movie.production_companies)

    @strawberry.field(
        description="Part `watch/providers`: where it streams, rents and sells in one region "
        "(ISO 3166-1, `US`); null where TMDB knows no offer."
    )
    def watch_providers(self, region: str) -> WatchOffers | None:
        return offers(self._movie.watch_providers, region)

    @classmethod
    def from_tmdb(cls, m: tmdb.Movie, language: str | None) -> Movie:
        return cls(
            id=m.id,
            title=m.title,
            original_title=blank_to_none(m.original_title),
            original_language=blank_to_none(m.original_language),
            overview=blank_to_none(m.overview),
            tagline=blank_to_none(m.tagline),
            release_date=to_date(m.release_date),
            runtime=m.runtime,
            status=blank_to_none(m.status),
            imdb_id=blank_to_none(m.imdb_id),
            homepage=blank_to_none(m.homepage),
            budget=big_int(m.budget),
            revenue=big_int(m.revenue),
            popularity=m.popularity,
            vote_average=m.vote_average,
            vote_count=m.vote_count,
            adult=m.adult,
            video=m.video,
            genres=genres(m.genres),
            origin_country=m.origin_country,
            production_countries=production_countries(m.production_countries),
            spoken_languages=spoken_languages(m.spoken_languages),
            poster_path=m.poster_path,
            backdrop_path=m.backdrop_path,
            _movie=m,
            _language=language,
        )


def load_movie(info: Info, id: int, language: str | None) -> Movie:
    """The movie, or an awaitable of it on a cache miss (see ``schema.context.resolve``)."""
    return resolve(
        info, Movie.ROW, (id,), language, Movie.PARTS, lambda m: Movie.from_tmdb(m, language)
    )


@strawberry.type(description="One of TMDB's pages of movies, 20 results or fewer.")
class MoviePage(Page[Movie]):
    """Its own class, so that modules Movie reaches can name it lazily (a keyword's movies)."""


# A movie as a search, a chart, a recommendation or a credit lists it.
SUMMARY: Final = kind(Movie, tmdb.MovieSummary)
