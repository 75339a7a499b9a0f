"""TV shows."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar

import strawberry

from schema.common import Genre, Keyword, Video, blank_to_none, genres, keywords, to_date, videos
from schema.context import Info, resolve
from schema.credits import Credits
from schema.images import BackdropSize, Images, PosterSize, image_url
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE


@strawberry.type(description="A TV show, with any of its parts fetched in the same TMDB request.")
class TVShow:
    # The resource table's row a show is loaded by, and each GraphQL field served from one of
    # its parts -> that TMDB part (tests/schema/test_parts.py checks them against the row).
    ROW: ClassVar[Resource[tmdb.TVSeries]] = TABLE["tv.details"]
    PARTS: ClassVar[Mapping[str, str]] = {
        "credits": "credits",
        "images": "images",
        "videos": "videos",
        "keywords": "keywords",
    }

    id: int
    name: str
    original_name: str | None
    original_language: str | None
    overview: str | None
    tagline: str | None
    first_air_date: date | None
    last_air_date: date | None
    status: str | None
    type: str | None
    homepage: str | None
    in_production: bool | None
    number_of_seasons: int | None
    number_of_episodes: int | None
    episode_run_time: list[int]
    origin_country: list[str]
    languages: list[str]
    popularity: float | None
    vote_average: float | None
    vote_count: int | None
    genres: list[Genre]
    poster_path: str | None
    backdrop_path: str | None
    credits: Credits = strawberry.field(description="Part `credits`.")
    images: Images = strawberry.field(description="Part `images`.")
    videos: list[Video] = strawberry.field(description="Part `videos`.")
    keywords: list[Keyword] = strawberry.field(description="Part `keywords`.")

    @strawberry.field(description="The poster's URL at a TMDB size.")
    def poster_url(self, size: PosterSize = PosterSize.W500) -> str | None:
        return image_url(self.poster_path, size)

    @strawberry.field(description="The backdrop's URL at a TMDB size.")
    def backdrop_url(self, size: BackdropSize = BackdropSize.W780) -> str | None:
        return image_url(self.backdrop_path, size)

    @classmethod
    def from_tmdb(cls, t: tmdb.TVSeries, language: str | None) -> TVShow:
        return cls(
            id=t.id,
            name=t.name,
            original_name=blank_to_none(t.original_name),
            original_language=blank_to_none(t.original_language),
            overview=blank_to_none(t.overview),
            tagline=blank_to_none(t.tagline),
            first_air_date=to_date(t.first_air_date),
            last_air_date=to_date(t.last_air_date),
            status=blank_to_none(t.status),
            type=blank_to_none(t.type),
            homepage=blank_to_none(t.homepage),
            in_production=t.in_production,
            number_of_seasons=t.number_of_seasons,
            number_of_episodes=t.number_of_episodes,
            episode_run_time=t.episode_run_time,
            origin_country=t.origin_country,
            languages=t.languages,
            popularity=t.popularity,
            vote_average=t.vote_average,
            vote_count=t.vote_count,
            genres=genres(t.genres),
            poster_path=t.poster_path,
            backdrop_path=t.backdrop_path,
            credits=Credits(_credits=t.credits or tmdb.Credits(), _language=language),
            images=Images(_images=t.images or tmdb.Images()),
            videos=videos(t.videos),
            keywords=keywords(t.keywords.results if t.keywords else []),
        )


def load_tv(info: Info, id: int, language: str | None) -> TVShow:
    """The show, or an awaitable of it on a cache miss (see ``schema.context.resolve``)."""
    return resolve(
        info, TVShow.ROW, (id,), language, TVShow.PARTS, lambda t: TVShow.from_tmdb(t, language)
    )
