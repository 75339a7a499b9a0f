"""A TV series and its appendable parts."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.changes import Changes
from tmdbfusion.models.common import (
    AlternativeTitle,
    Genre,
    Images,
    Keyword,
    ProductionCompany,
    ProductionCountry,
    SpokenLanguage,
    Translations,
    Videos,
    WatchProviders,
)
from tmdbfusion.models.company import NetworkSummary
from tmdbfusion.models.credits import AggregateCredits, Credits
from tmdbfusion.models.lists import ListsPage
from tmdbfusion.models.review import ReviewPage
from tmdbfusion.models.search import TVSeriesPage
from tmdbfusion.models.tv_episode import EpisodeSummary
from tmdbfusion.models.tv_season import SeasonSummary


class Creator(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""
    original_name: str | None = None
    credit_id: str | None = None
    gender: int | None = None
    profile_path: str | None = None


class TVSeriesAlternativeTitles(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    results: list[AlternativeTitle] = []


class TVSeriesExternalIds(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    imdb_id: str | None = None
    freebase_mid: str | None = None
    freebase_id: str | None = None
    tvdb_id: int | None = None
    tvrage_id: int | None = None
    wikidata_id: str | None = None
    facebook_id: str | None = None
    instagram_id: str | None = None
    twitter_id: str | None = None


class TVSeriesKeywords(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    results: list[Keyword] = []


class ContentRating(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_3166_1: str = ""
    rating: str = ""
    descriptors: list[str] = []


class ContentRatings(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    results: list[ContentRating] = []


class EpisodeGroupSummary(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: str
    name: str = ""
    description: str | None = None
    episode_count: int | None = None
    group_count: int | None = None
    type: int | None = None
    network: NetworkSummary | None = None


class EpisodeGroups(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    results: list[EpisodeGroupSummary] = []


class ScreenedEpisode(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    episode_number: int | None = None
    season_number: int | None = None


class ScreenedTheatrically(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    results: list[ScreenedEpisode] = []


class TVSeries(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """A series' details; each appended part is ``None`` unless it was asked for."""

    id: int
    name: str = ""
    original_name: str | None = None
    original_language: str | None = None
    overview: str | None = None
    tagline: str | None = None
    first_air_date: str | None = None
    last_air_date: str | None = None
    status: str | None = None
    type: str | None = None
    homepage: str | None = None
    in_production: bool | None = None
    adult: bool | None = None
    number_of_episodes: int | None = None
    number_of_seasons: int | None = None
    episode_run_time: list[int] = []
    languages: list[str] = []
    origin_country: list[str] = []
    popularity: float | None = None
    vote_average: float | None = None
    vote_count: int | None = None
    poster_path: str | None = None
    backdrop_path: str | None = None
    genres: list[Genre] = []
    created_by: list[Creator] = []
    networks: list[NetworkSummary] = []
    production_companies: list[ProductionCompany] = []
    production_countries: list[ProductionCountry] = []
    spoken_languages: list[SpokenLanguage] = []
    seasons: list[SeasonSummary] = []
    last_episode_to_air: EpisodeSummary | None = None
    next_episode_to_air: EpisodeSummary | None = None
    aggregate_credits: AggregateCredits | None = None
    alternative_titles: TVSeriesAlternativeTitles | None = None
    changes: Changes | None = None
    content_ratings: ContentRatings | None = None
    credits: Credits | None = None
    episode_groups: EpisodeGroups | None = None
    external_ids: TVSeriesExternalIds | None = None
    images: Images | None = None
    keywords: TVSeriesKeywords | None = None
    lists: ListsPage | None = None
    recommendations: TVSeriesPage | None = None
    reviews: ReviewPage | None = None
    screened_theatrically: ScreenedTheatrically | None = None
    similar: TVSeriesPage | None = None
    translations: Translations | None = None
    videos: Videos | None = None
    watch_providers: WatchProviders | None = msgspec.field(default=None, name="watch/providers")
