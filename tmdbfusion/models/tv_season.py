"""A TV season with its appendable parts."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.changes import Changes
from tmdbfusion.models.common import Images, Translations, Videos, WatchProviders
from tmdbfusion.models.credits import AggregateCredits, Credits
from tmdbfusion.models.tv_episode import SeasonEpisode


class SeasonSummary(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""
    season_number: int | None = None
    show_id: int | None = None


class SeasonExternalIds(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    tvdb_id: int | None = None


class Season(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""
    season_number: int | None = None
    episodes: list[SeasonEpisode] = []
    aggregate_credits: AggregateCredits | None = None
    changes: Changes | None = None
    credits: Credits | None = None
    external_ids: SeasonExternalIds | None = None
    images: Images | None = None
    translations: Translations | None = None
    videos: Videos | None = None
    watch_providers: WatchProviders | None = msgspec.field(default=None, name="watch/providers")
