"""A TV series, its appendable parts, and the series lists."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.changes import Changes
from tmdbfusion.models.common import (
    AlternativeTitle,
    Genre,
    Images,
    Keyword,
    Translations,
    Videos,
    WatchProviders,
)
from tmdbfusion.models.credits import AggregateCredits, Credits
from tmdbfusion.models.lists import ListsPage
from tmdbfusion.models.review import ReviewPage
from tmdbfusion.models.search import TVSeriesPage
from tmdbfusion.models.tv_episode import EpisodeSummary
from tmdbfusion.models.tv_season import SeasonSummary


class Creator(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""


class NetworkSummary(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""


class TVSeriesAlternativeTitles(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    results: list[AlternativeTitle] = []


class TVSeriesExternalIds(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    imdb_id: str | None = None


class TVSeriesKeywords(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    results: list[Keyword] = []


class ContentRating(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_3166_1: str = ""
    rating: str = ""


class ContentRatings(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    results: list[ContentRating] = []


class EpisodeGroupSummary(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: str
    name: str = ""


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
    id: int
    name: str = ""
    genres: list[Genre] = []
    created_by: list[Creator] = []
    networks: list[NetworkSummary] = []
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
