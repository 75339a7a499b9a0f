"""A movie and its appendable parts."""

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
    ProductionCompany,
    ProductionCountry,
    SpokenLanguage,
    Translations,
    Videos,
    WatchProviders,
)
from tmdbfusion.models.credits import Credits
from tmdbfusion.models.lists import ListsPage
from tmdbfusion.models.review import ReviewPage
from tmdbfusion.models.search import CollectionSummary, MoviePage, MovieSummary


class MovieAlternativeTitles(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    titles: list[AlternativeTitle] = []


class MovieExternalIds(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    imdb_id: str | None = None
    wikidata_id: str | None = None
    facebook_id: str | None = None
    instagram_id: str | None = None
    twitter_id: str | None = None


class MovieKeywords(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    keywords: list[Keyword] = []


class ReleaseDate(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """One release; ``type`` is TMDB's 1 premiere ... 6 TV."""

    release_date: str = ""
    certification: str = ""
    type: int | None = None
    note: str | None = None
    iso_639_1: str | None = None
    descriptors: list[str] = []


class CountryReleaseDates(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_3166_1: str = ""
    release_dates: list[ReleaseDate] = []


class ReleaseDates(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    results: list[CountryReleaseDates] = []


class Release(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_3166_1: str = ""
    certification: str = ""
    release_date: str = ""
    primary: bool | None = None


class Releases(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """The deprecated ``/movie/{id}/releases`` (superseded by ``release_dates``; not in the
    OpenAPI spec, but recorded bodies of it exist)."""

    id: int | None = None
    countries: list[Release] = []


class DatedMoviePage(Page[MovieSummary], frozen=True, gc=False, kw_only=True):
    """A page of ``now_playing`` or ``upcoming`` movies with the release window it covers."""

    dates: DateRange | None = None


class Movie(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """A movie's details; each appended part is ``None`` unless it was asked for."""

    id: int
    title: str = ""
    original_title: str | None = None
    original_language: str | None = None
    overview: str | None = None
    tagline: str | None = None
    release_date: str | None = None
    runtime: int | None = None
    status: str | None = None
    imdb_id: str | None = None
    homepage: str | None = None
    # Plain ints: revenue passes 2^31 (Avatar's is about 2.9e9).
    budget: int | None = None
    revenue: int | None = None
    adult: bool | None = None
    video: bool | None = None
    popularity: float | None = None
    vote_average: float | None = None
    vote_count: int | None = None
    poster_path: str | None = None
    backdrop_path: str | None = None
    belongs_to_collection: CollectionSummary | None = None
    genres: list[Genre] = []
    origin_country: list[str] = []
    production_companies: list[ProductionCompany] = []
    production_countries: list[ProductionCountry] = []
    spoken_languages: list[SpokenLanguage] = []
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
