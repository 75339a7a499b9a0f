"""Movies."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar

import strawberry

from schema.collection import Collection, collection
from schema.common import (
    AlternativeTitle,
    Genre,
    Keyword,
    ProductionCountry,
    SpokenLanguage,
    Translation,
    Video,
    alternative_titles,
    blank_to_none,
    genres,
    keywords,
    production_countries,
    spoken_languages,
    to_date,
    translations,
    videos,
)
from schema.company import Company, companies
from schema.context import Info, resolve
from schema.credits import Credits
from schema.externalids import MovieExternalIds, external_ids
from schema.images import BackdropSize, Images, PosterSize, image_url
from schema.ratings import CountryReleaseDates, release_dates
from schema.review import ReviewPage, UserListPage
from schema.scalars import BigInt, big_int
from schema.watch import WatchOffers, offers
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE


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
    credits: Credits = strawberry.field(description="Part `credits`.")
    images: Images = strawberry.field(description="Part `images`.")
    videos: list[Video] = strawberry.field(description="Part `videos`.")
    keywords: list[Keyword] = strawberry.field(description="Part `keywords`.")
    reviews: ReviewPage = strawberry.field(description="Part `reviews`: the first page.")
    lists: UserListPage = strawberry.field(
        description="Part `lists`: the first page of user lists the movie is on."
    )
    release_dates: list[CountryReleaseDates] = strawberry.field(
        description="Part `release_dates`: releases and certifications per country."
    )
    external_ids: MovieExternalIds = strawberry.field(description="Part `external_ids`.")
    alternative_titles: list[AlternativeTitle] = strawberry.field(
        description="Part `alternative_titles`."
    )
    translations: list[Translation] = strawberry.field(description="Part `translations`.")
    _movie: strawberry.Private[tmdb.Movie]
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The poster's URL at a TMDB size.")
    def poster_url(self, size: PosterSize = PosterSize.W500) -> str | None:
        return image_url(self.poster_path, size)

    @strawberry.field(description="The backdrop's URL at a TMDB size.")
    def backdrop_url(self, size: BackdropSize = BackdropSize.W780) -> str | None:
        return image_url(self.backdrop_path, size)

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
            credits=Credits(_credits=m.credits or tmdb.Credits(), _language=language),
            images=Images(_images=m.images or tmdb.Images()),
            videos=videos(m.videos),
            keywords=keywords(m.keywords.keywords if m.keywords else []),
            reviews=ReviewPage.from_tmdb(m.reviews),
            lists=UserListPage.from_tmdb(m.lists),
            release_dates=release_dates(m.release_dates),
            external_ids=external_ids(MovieExternalIds, m.external_ids or tmdb.MovieExternalIds()),
            alternative_titles=alternative_titles(
                m.alternative_titles.titles if m.alternative_titles else []
            ),
            translations=translations(m.translations),
            _movie=m,
            _language=language,
        )


def load_movie(info: Info, id: int, language: str | None) -> Movie:
    """The movie, or an awaitable of it on a cache miss (see ``schema.context.resolve``)."""
    return resolve(
        info, Movie.ROW, (id,), language, Movie.PARTS, lambda m: Movie.from_tmdb(m, language)
    )
