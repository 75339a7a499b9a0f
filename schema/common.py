"""Small types many entities share (genres, videos, countries, languages, alternative
titles, translations), and the conversions every type uses."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar

import strawberry

from schema.errors import BadInputError
from tmdbfusion import models as tmdb

T = TypeVar("T")

# Where TMDB's video keys play: the two sites it links to.
_VIDEO_URLS = {
    "YouTube": "https://www.youtube.com/watch?v={}",
    "Vimeo": "https://vimeo.com/{}",
}


def video_url(site: str, key: str) -> str | None:
    """Where a video TMDB lists plays: its key on the site TMDB names (``YouTube``, ``Vimeo``);
    null for any other site, or a blank key."""
    pattern = _VIDEO_URLS.get(site)
    return pattern.format(key) if pattern and key else None


def to_date(value: str | None) -> date | None:
    """TMDB's ``YYYY-MM-DD``; TMDB writes an unknown date as ``""``, which becomes null."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def to_datetime(value: str | None) -> datetime | None:
    """TMDB's timestamps (``2014-10-02T19:20:22.000Z``); blank or malformed becomes null."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def blank_to_none(value: str | None) -> str | None:
    """TMDB writes "unknown" as an empty string; GraphQL says it with null."""
    return value or None


def first_items(items: list[T], first: int | None) -> list[T]:
    """The first ``first`` items (all when it is not given); a negative count is refused."""
    if first is None or first is strawberry.UNSET:
        return items
    if first < 0:
        raise BadInputError(f"first must be zero or more, got {first}")
    return items[:first]


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
    id: str | None
    key: str
    name: str
    site: str
    type: str
    official: bool | None
    size: int | None = strawberry.field(description="The video's height in pixels.")
    published_at: datetime | None
    iso_639_1: str | None = strawberry.field(name="iso6391")
    iso_3166_1: str | None = strawberry.field(name="iso31661")

    @strawberry.field(description="Where the video plays, for YouTube and Vimeo keys.")
    def url(self) -> str | None:
        return video_url(self.site, self.key)

    @classmethod
    def from_tmdb(cls, video: tmdb.Video) -> Video:
        return cls(
            id=blank_to_none(video.id),
            key=video.key,
            name=video.name,
            site=video.site,
            type=video.type,
            official=video.official,
            size=video.size,
            published_at=to_datetime(video.published_at),
            iso_639_1=blank_to_none(video.iso_639_1),
            iso_3166_1=blank_to_none(video.iso_3166_1),
        )


def videos(wrapper: tmdb.Videos | None) -> list[Video]:
    return [Video.from_tmdb(v) for v in wrapper.results] if wrapper else []


@strawberry.type(description="A country where a title was produced.")
class ProductionCountry:
    iso_3166_1: str = strawberry.field(name="iso31661")
    name: str


def production_countries(items: list[tmdb.ProductionCountry]) -> list[ProductionCountry]:
    return [ProductionCountry(iso_3166_1=c.iso_3166_1, name=c.name) for c in items]


@strawberry.type(description="A language spoken in a title.")
class SpokenLanguage:
    iso_639_1: str = strawberry.field(name="iso6391")
    name: str | None
    english_name: str | None


def spoken_languages(items: list[tmdb.SpokenLanguage]) -> list[SpokenLanguage]:
    return [
        SpokenLanguage(
            iso_639_1=s.iso_639_1,
            name=blank_to_none(s.name),
            english_name=blank_to_none(s.english_name),
        )
        for s in items
    ]


@strawberry.type(description="A title a movie or show is known by in a country.")
class AlternativeTitle:
    title: str
    iso_3166_1: str = strawberry.field(name="iso31661")
    type: str | None


def alternative_titles(items: list[tmdb.AlternativeTitle]) -> list[AlternativeTitle]:
    return [
        AlternativeTitle(title=t.title, iso_3166_1=t.iso_3166_1, type=blank_to_none(t.type))
        for t in items
    ]


@strawberry.type(
    description="The translated fields; which are set depends on what is translated (a movie "
    "has a title and a runtime, a show a name, a person a biography)."
)
class TranslationData:
    title: str | None
    name: str | None
    overview: str | None
    tagline: str | None
    homepage: str | None
    runtime: int | None
    biography: str | None


@strawberry.type(description="One translation, by language and country.")
class Translation:
    iso_3166_1: str = strawberry.field(name="iso31661")
    iso_639_1: str = strawberry.field(name="iso6391")
    name: str | None
    english_name: str | None
    data: TranslationData | None

    @classmethod
    def from_tmdb(cls, t: tmdb.Translation) -> Translation:
        d = t.data
        return cls(
            iso_3166_1=t.iso_3166_1,
            iso_639_1=t.iso_639_1,
            name=blank_to_none(t.name),
            english_name=blank_to_none(t.english_name),
            data=None
            if d is None
            else TranslationData(
                title=blank_to_none(d.title),
                name=blank_to_none(d.name),
                overview=blank_to_none(d.overview),
                tagline=blank_to_none(d.tagline),
                homepage=blank_to_none(d.homepage),
                runtime=d.runtime,
                biography=blank_to_none(d.biography),
            ),
        )


def translations(wrapper: tmdb.Translations | list[tmdb.Translation] | None) -> list[Translation]:
    """A part ``translations``; old episode bodies sent the list unwrapped."""
    if wrapper is None:
        return []
    items = wrapper if isinstance(wrapper, list) else wrapper.translations
    return [Translation.from_tmdb(t) for t in items]
