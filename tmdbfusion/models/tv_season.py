"""A TV season with its appendable parts."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.changes import Changes
from tmdbfusion.models.common import Images, Translations, Videos, WatchProviders
from tmdbfusion.models.company import NetworkSummary
from tmdbfusion.models.credits import AggregateCredits, Credits
from tmdbfusion.models.tv_episode import SeasonEpisode


class SeasonSummary(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """A season as its show (and a credit, and a lookup) lists it."""

    # Old bodies list a show's seasons and a season's episodes without their ids.
    id: int | None = None
    name: str = ""
    overview: str | None = None
    air_date: str | None = None
    season_number: int | None = None
    episode_count: int | None = None
    show_id: int | None = None
    poster_path: str | None = None
    vote_average: float | None = None


class SeasonExternalIds(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    freebase_mid: str | None = None
    freebase_id: str | None = None
    tvdb_id: int | None = None
    tvrage_id: int | None = None
    wikidata_id: str | None = None


class Season(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """A season's details; each appended part is ``None`` unless it was asked for."""

    id: int
    _id: str | None = None
    name: str = ""
    overview: str | None = None
    air_date: str | None = None
    season_number: int | None = None
    poster_path: str | None = None
    vote_average: float | None = None
    networks: list[NetworkSummary] = []
    episodes: list[SeasonEpisode] = []
    aggregate_credits: AggregateCredits | None = None
    changes: Changes | None = None
    credits: Credits | None = None
    external_ids: SeasonExternalIds | None = None
    images: Images | None = None
    translations: Translations | None = None
    videos: Videos | None = None
    watch_providers: WatchProviders | None = msgspec.field(default=None, name="watch/providers")
