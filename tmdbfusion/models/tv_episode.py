"""TV episodes: summaries, details with their parts, and episode groups."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.changes import Changes
from tmdbfusion.models.common import Images, Translations, Videos
from tmdbfusion.models.credits import Cast, Crew, EpisodeCredits


class EpisodeSummary(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""
    episode_number: int | None = None
    season_number: int | None = None
    show_id: int | None = None


class SeasonEpisode(EpisodeSummary, frozen=True, gc=False, kw_only=True):
    """An episode as a season's details list it: the summary plus its crew and guest stars."""

    crew: list[Crew] = []
    guest_stars: list[Cast] = []


class EpisodeExternalIds(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    imdb_id: str | None = None


class Episode(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""
    crew: list[Crew] = []
    guest_stars: list[Cast] = []
    changes: Changes | None = None
    credits: EpisodeCredits | None = None
    external_ids: EpisodeExternalIds | None = None
    images: Images | None = None
    translations: Translations | None = None
    videos: Videos | None = None


class EpisodeGroupEpisode(EpisodeSummary, frozen=True, gc=False, kw_only=True):
    order: int | None = None


class EpisodeGroupGroup(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: str
    name: str = ""
    episodes: list[EpisodeGroupEpisode] = []


class EpisodeGroup(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: str
    name: str = ""
    groups: list[EpisodeGroupGroup] = []
