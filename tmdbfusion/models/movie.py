"""A movie, its appendable parts, and the movie lists."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.changes import Changes
from tmdbfusion.models.common import (
    AlternativeTitle,
    DateRange,
    Genre,
    Images,
    Keyword,
    Page,
    Translations,
    Videos,
    WatchProviders,
)
from tmdbfusion.models.credits import Credits
from tmdbfusion.models.lists import ListsPage
from tmdbfusion.models.review import ReviewPage
from tmdbfusion.models.search import MoviePage, MovieSummary


class MovieAlternativeTitles(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    titles: list[AlternativeTitle] = []


class MovieExternalIds(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    imdb_id: str | None = None


class MovieKeywords(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    keywords: list[Keyword] = []


class ReleaseDate(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    certification: str = ""
    release_date: str = ""
    type: int | None = None


class CountryReleaseDates(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_3166_1: str = ""
    release_dates: list[ReleaseDate] = []


class ReleaseDates(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    results: list[CountryReleaseDates] = []


class DatedMoviePage(Page[MovieSummary], frozen=True, gc=False, kw_only=True):
    """A page of ``now_playing`` or ``upcoming`` movies with the release window it covers."""

    dates: DateRange | None = None


class Movie(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    title: str = ""
    genres: list[Genre] = []
    alternative_titles: MovieAlternativeTitles | None = None
    changes: Changes | None = None
    credits: Credits | None = None
    external_ids: MovieExternalIds | None = None
    images: Images | None = None
    keywords: MovieKeywords | None = None
    lists: ListsPage | None = None
    recommendations: MoviePage | None = None
    release_dates: ReleaseDates | None = None
    reviews: ReviewPage | None = None
    similar: MoviePage | None = None
    translations: Translations | None = None
    videos: Videos | None = None
    watch_providers: WatchProviders | None = msgspec.field(default=None, name="watch/providers")
