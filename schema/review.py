"""Reviews, and the user lists a title appears on: both come as TMDB pages (parts ``reviews``
and ``lists``), kept as pages as TMDB sends them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import ClassVar

import strawberry

from schema.common import blank_to_none, to_datetime
from schema.context import Info, resolve
from schema.images import PosterSize, ProfileSize, image_url
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE


@strawberry.type(description="Who wrote a review.")
class ReviewAuthor:
    name: str | None
    username: str | None
    avatar_path: str | None = strawberry.field(
        description="TMDB's avatar path; some are a Gravatar URL behind a slash."
    )
    rating: float | None = strawberry.field(description="The author's rating, out of 10.")

    @strawberry.field(
        description="The avatar's URL at a TMDB profile size; a Gravatar avatar's own URL "
        "whatever the size."
    )
    def avatar_url(self, size: ProfileSize = ProfileSize.W45) -> str | None:
        return avatar_url(self.avatar_path, size)


def avatar_url(path: str | None, size: ProfileSize) -> str | None:
    """TMDB's avatar paths are image paths, or a Gravatar URL behind a slash
    (``/https://secure.gravatar.com/avatar/<hash>.jpg``) that TMDB's image CDN does not serve."""
    if path is not None and path.startswith(("/http://", "/https://")):
        return path[1:]
    return image_url(path, size)


@strawberry.type(description="A user's review of a movie or show.")
class Review:
    ROW: ClassVar[Resource[tmdb.Review]] = TABLE["reviews.details"]
    PARTS: ClassVar[Mapping[str, str]] = {}

    id: str
    author: str
    author_details: ReviewAuthor | None
    content: str
    created_at: datetime | None
    updated_at: datetime | None
    url: str | None
    iso_639_1: str | None = strawberry.field(name="iso6391")
    media_id: int | None = strawberry.field(description="The reviewed title's id (`review`).")
    media_title: str | None
    media_type: str | None

    @classmethod
    def from_tmdb(cls, r: tmdb.Review) -> Review:
        a = r.author_details
        return cls(
            id=r.id,
            author=r.author,
            author_details=None
            if a is None
            else ReviewAuthor(
                name=blank_to_none(a.name),
                username=blank_to_none(a.username),
                avatar_path=a.avatar_path,
                rating=a.rating,
            ),
            content=r.content,
            created_at=to_datetime(r.created_at),
            updated_at=to_datetime(r.updated_at),
            url=blank_to_none(r.url),
            iso_639_1=blank_to_none(r.iso_639_1),
            media_id=r.media_id,
            media_title=blank_to_none(r.media_title),
            media_type=blank_to_none(r.media_type),
        )


def load_review(info: Info, id: str) -> Review:
    """The review, or an awaitable of it on a cache miss (see ``schema.context.resolve``)."""
    return resolve(info, Review.ROW, (id,), None, Review.PARTS, Review.from_tmdb)


@strawberry.type(description="One page of reviews, as TMDB pages them.")
class ReviewPage:
    page: int
    total_pages: int
    total_results: int
    results: list[Review]

    @classmethod
    def from_tmdb(cls, page: tmdb.ReviewPage | None) -> ReviewPage:
        page = page or tmdb.ReviewPage()
        return cls(
            page=page.page,
            total_pages=page.total_pages,
            total_results=page.total_results,
            results=[Review.from_tmdb(r) for r in page.results],
        )


@strawberry.type(description="A list a TMDB user made.")
class UserList:
    id: int
    name: str
    description: str | None
    list_type: str | None
    item_count: int | None
    favorite_count: int | None
    iso_639_1: str | None = strawberry.field(name="iso6391")
    iso_3166_1: str | None = strawberry.field(name="iso31661")
    poster_path: str | None

    @strawberry.field(description="The list's poster at a TMDB size.")
    def poster_url(self, size: PosterSize = PosterSize.W500) -> str | None:
        return image_url(self.poster_path, size)


@strawberry.type(description="One page of user lists, as TMDB pages them.")
class UserListPage:
    page: int
    total_pages: int
    total_results: int
    results: list[UserList]

    @classmethod
    def from_tmdb(cls, page: tmdb.ListsPage | None) -> UserListPage:
        page = page or tmdb.ListsPage()
        return cls(
            page=page.page,
            total_pages=page.total_pages,
            total_results=page.total_results,
            results=[
                UserList(
                    id=x.id,
                    name=x.name,
                    description=blank_to_none(x.description),
                    list_type=blank_to_none(x.list_type),
                    item_count=x.item_count,
                    favorite_count=x.favorite_count,
                    iso_639_1=blank_to_none(x.iso_639_1),
                    iso_3166_1=blank_to_none(x.iso_3166_1),
                    poster_path=x.poster_path,
                )
                for x in page.results
            ],
        )
