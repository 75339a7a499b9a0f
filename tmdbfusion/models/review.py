"""Reviews: one review, and the review pages of a movie or show."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.common import Page


class ReviewAuthor(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    name: str = ""
    username: str = ""


class Review(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: str
    author: str = ""
    author_details: ReviewAuthor | None = None
    content: str = ""


ReviewPage = Page[Review]
