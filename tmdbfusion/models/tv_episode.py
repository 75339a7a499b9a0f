"""TV episodes: summaries, details with their parts, and episode groups."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.changes import Changes
from tmdbfusion.models.common import Images, Translation, Translations, Videos
from tmdbfusion.models.company import NetworkSummary
from tmdbfusion.models.credits import Cast, Crew, EpisodeCredits


class EpisodeSummary(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """An episode as a show (``last_episode_to_air``), a credit or a lookup lists it."""

    # Old bodies list a show's seasons and a season's episodes without their ids.
    id: int | None = None
    name: str = ""
    overview: str | None = None
    air_date: str | None = None
    episode_number: int | None = None
    episode_type: str | None = None
    season_number: int | None = None
    show_id: int | None = None
    production_code: str | None = None
    runtime: int | None = None
    still_path: str | None = None
    vote_average: float | None = None
    vote_count: int | None = None


class SeasonEpisode(EpisodeSummary, frozen=True, gc=False, kw_only=True):
    """An episode as a season's details list it: the summary plus its crew and guest stars."""

    crew: list[Crew] = []
    guest_stars: list[Cast] = []


class EpisodeExternalIds(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    imdb_id: str | None = None
    freebase_mid: str | None = None
    freebase_id: str | None = None
    tvdb_id: int | None = None
    tvrage_id: int | None = None
    wikidata_id: str | None = None


class Episode(SeasonEpisode, frozen=True, gc=False, kw_only=True):
    """An episode's details; each appended part is ``None`` unless it was asked for."""

    changes: Changes | None = None
    credits: EpisodeCredits | None = None
    external_ids: EpisodeExternalIds | None = None
    images: Images | None = None
    # Old bodies sent the appended translations as a bare list rather than wrapped in an object.
    translations: Translations | list[Translation] | None = None
    videos: Videos | None = None


class EpisodeGroupEpisode(EpisodeSummary, frozen=True, gc=False, kw_only=True):
    order: int | None = None


class EpisodeGroupGroup(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: str
    name: str = ""
    order: int | None = None
    locked: bool | None = None
    episodes: list[EpisodeGroupEpisode] = []


class EpisodeGroup(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """An alternative ordering of a show's episodes (DVD order, story arcs, ...)."""

    id: str
    name: str = ""
    description: str | None = None
    episode_count: int | None = None
    group_count: int | None = None
    type: int | None = None
    network: NetworkSummary | None = None
    groups: list[EpisodeGroupGroup] = []
