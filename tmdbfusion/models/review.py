"""Reviews: one review, and the review pages of a movie or show."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.common import Page


class ReviewAuthor(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    name: str = ""
    username: str = ""
    avatar_path: str | None = None
    rating: float | None = None


class Review(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """A review; ``review/{id}`` adds the reviewed title (``media_*``) and ``iso_639_1``."""

    id: str
    author: str = ""
    author_details: ReviewAuthor | None = None
    content: str = ""
    created_at: str | None = None
    updated_at: str | None = None
    url: str | None = None
    iso_639_1: str | None = None
    media_id: int | None = None
    media_title: str | None = None
    media_type: str | None = None


ReviewPage = Page[Review]
