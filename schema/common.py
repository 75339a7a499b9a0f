"""Small types shared by movies and shows, and the conversions every type uses."""

from __future__ import annotations

from datetime import date

import strawberry

from tmdbfusion import models as tmdb


def to_date(value: str | None) -> date | None:
    """TMDB's ``YYYY-MM-DD``; TMDB writes an unknown date as ``""``, which becomes null."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def blank_to_none(value: str | None) -> str | None:
    """TMDB writes "unknown" as an empty string; GraphQL says it with null."""
    return value or None


@strawberry.type
class Genre:
    id: int
    name: str

    @classmethod
    def from_tmdb(cls, genre: tmdb.Genre) -> Genre:
        return cls(id=genre.id, name=genre.name)


def genres(items: list[tmdb.Genre]) -> list[Genre]:
    return [Genre.from_tmdb(g) for g in items]


@strawberry.type(description="A trailer, teaser or clip hosted on YouTube or Vimeo.")
class Video:
    key: str
    name: str
    site: str
    type: str
    official: bool | None

    @classmethod
    def from_tmdb(cls, video: tmdb.Video) -> Video:
        return cls(
            key=video.key,
            name=video.name,
            site=video.site,
            type=video.type,
            official=video.official,
        )


def videos(wrapper: tmdb.Videos | None) -> list[Video]:
    return [Video.from_tmdb(v) for v in wrapper.results] if wrapper else []


@strawberry.type
class Keyword:
    id: int
    name: str


def keywords(items: list[tmdb.Keyword]) -> list[Keyword]:
    """A movie's ``keywords.keywords`` or a show's ``keywords.results``."""
    return [Keyword(id=k.id, name=k.name) for k in items]
