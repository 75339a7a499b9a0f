"""Movies."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar

import strawberry

from schema.common import Genre, Keyword, Video, blank_to_none, genres, keywords, to_date, videos
from schema.context import Info, resolve
from schema.credits import Credits
from schema.images import BackdropSize, Images, PosterSize, image_url
from schema.scalars import BigInt, big_int
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
            genres=genres(m.genres),
            poster_path=m.poster_path,
            backdrop_path=m.backdrop_path,
            credits=Credits(_credits=m.credits or tmdb.Credits(), _language=language),
            images=Images(_images=m.images or tmdb.Images()),
            videos=videos(m.videos),
            keywords=keywords(m.keywords.keywords if m.keywords else []),
        )


def load_movie(info: Info, id: int, language: str | None) -> Movie:
    """The movie, or an awaitable of it on a cache miss (see ``schema.context.resolve``)."""
    return resolve(
        info, Movie.ROW, (id,), language, Movie.PARTS, lambda m: Movie.from_tmdb(m, language)
    )
