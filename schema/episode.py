"""TV episodes, below their season: ``tv(id:) { season(number:) { episode(number:) } }``.

An episode comes three ways: loaded by its own row (``tv.episode``, key (show, season,
episode)) with every part selected appended to one request; as its season's body lists it
(everything but the parts); and as its show's body names the last and next to air (a summary
without crew and guest stars). A list item or summary is served as it came while the selection
asks only for what it has, and loaded otherwise (the summary rule, ``schema/summary.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import ClassVar, Final

import strawberry

from schema.common import Translation, Video, blank_to_none, to_date, translations, videos
from schema.context import Info, resolve
from schema.credits import CastCredit, CrewCredit, EpisodeCredits, cast_credits, crew_credits
from schema.externalids import EpisodeExternalIds, external_ids
from schema.images import EMPTY_IMAGES, EpisodeImages, StillSize, image_url
from schema.summary import Summarized, embedded, holding
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE

_NO_CREDITS: Final = tmdb.EpisodeCredits()
_NO_IDS: Final = tmdb.EpisodeExternalIds()


@strawberry.type(description="A TV episode, with any of its parts fetched in one TMDB request.")
class Episode:
    ROW: ClassVar[Resource[tmdb.Episode]] = TABLE["tv.episode"]
    PARTS: ClassVar[Mapping[str, str]] = {
        "credits": "credits",
        "images": "images",
        "videos": "videos",
        "externalIds": "external_ids",
        "translations": "translations",
    }

    id: int | None
    name: str
    overview: str | None
    air_date: date | None
    episode_number: int | None
    episode_type: str | None = strawberry.field(
        description="TMDB's word for its place in the run (`standard`, `finale`, ...)."
    )
    season_number: int | None
    show_id: int | None
    production_code: str | None
    runtime: int | None
    still_path: str | None
    vote_average: float | None
    vote_count: int | None
    # The season's body lists crew and guests; its own body has the parts too.
    _listed: strawberry.Private[tmdb.SeasonEpisode | None]
    _details: strawberry.Private[tmdb.Episode | None]
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The still's URL at a TMDB size.")
    def still_url(self, size: StillSize = StillSize.W300) -> str | None:
        return image_url(self.still_path, size)

    @strawberry.field(description="The episode's own crew.")
    def crew(self) -> list[CrewCredit]:
        return crew_credits(self._listed.crew if self._listed else [], self._language)

    @strawberry.field(description="The episode's guest stars.")
    def guest_stars(self) -> list[CastCredit]:
        return cast_credits(self._listed.guest_stars if self._listed else [], self._language)

    # The parts: built only when selected, and selected only of an episode loaded by its row.

    @strawberry.field(description="Part `credits`: the regular cast too.")
    def credits(self) -> EpisodeCredits:
        found = self._details.credits if self._details else None
        return EpisodeCredits(_credits=found or _NO_CREDITS, _language=self._language)

    @strawberry.field(description="Part `images`.")
    def images(self) -> EpisodeImages:
        found = self._details.images if self._details else None
        return EpisodeImages(_images=found or EMPTY_IMAGES)

    @strawberry.field(description="Part `videos`.")
    def videos(self) -> list[Video]:
        return videos(self._details.videos if self._details else None)

    @strawberry.field(description="Part `external_ids`.")
    def external_ids(self) -> EpisodeExternalIds:
        found = self._details.external_ids if self._details else None
        return external_ids(EpisodeExternalIds, found or _NO_IDS)

    @strawberry.field(description="Part `translations`.")
    def translations(self) -> list[Translation]:
        return translations(self._details.translations if self._details else None)

    @classmethod
    def from_tmdb(cls, e: tmdb.Episode, language: str | None) -> Episode:
        return cls.from_summary(e, language)

    @classmethod
    def from_summary(cls, e: tmdb.EpisodeSummary, language: str | None) -> Episode:
        """From any of the three: what it lacks (parts, credits) is empty, and never selected
        of it (``SUMMARY``, ``LISTED``)."""
        return cls(
            id=e.id,
            name=e.name,
            overview=blank_to_none(e.overview),
            air_date=to_date(e.air_date),
            episode_number=e.episode_number,
            episode_type=blank_to_none(e.episode_type),
            season_number=e.season_number,
            show_id=e.show_id,
            production_code=blank_to_none(e.production_code),
            runtime=e.runtime,
            still_path=e.still_path,
            vote_average=e.vote_average,
            vote_count=e.vote_count,
            _listed=e if isinstance(e, tmdb.SeasonEpisode) else None,
            _details=e if isinstance(e, tmdb.Episode) else None,
            _language=language,
        )


def load_episode(
    info: Info, series_id: int, season_number: int, number: int, language: str | None
) -> Episode:
    """The episode, or an awaitable of it on a cache miss (see ``schema.context.resolve``)."""
    return resolve(
        info,
        Episode.ROW,
        (series_id, season_number, number),
        language,
        Episode.PARTS,
        lambda e: Episode.from_tmdb(e, language),
    )


def episodes(
    info: Info,
    of: Summarized,
    items: Sequence[tmdb.EpisodeSummary],
    language: str | None,
    series_id: int | None,
    season_number: int = 0,
) -> list[Episode | None]:
    """Episodes as a show, season, credit or lookup lists them (``of``), each loaded if the
    selection needs more: by ``series_id``, or the show each names (a lookup's), and its season's
    number, or ``season_number``."""

    def key(e: tmdb.EpisodeSummary) -> tuple[int, int, int]:
        show = series_id if series_id is not None else e.show_id or 0
        return (show, e.season_number or season_number, e.episode_number or 0)

    def build(e: tmdb.EpisodeSummary, details: tmdb.Episode | None) -> Episode:
        return Episode.from_summary(e if details is None else details, language)

    return embedded(info, of, items, language, key, build)


def summarized(
    info: Info, series_id: int, summary: tmdb.EpisodeSummary, language: str | None
) -> Episode | None:
    """A show's last or next episode to air: its summary, or loaded if the selection needs."""
    return episodes(info, SUMMARY, [summary], language, series_id)[0]


# What a show's last or next episode to air, a credit and a lookup hold of an episode; a season's
# body lists crew and guests too.
SUMMARY: Final = holding(Episode, tmdb.EpisodeSummary.__struct_fields__)
LISTED: Final = holding(Episode, tmdb.SeasonEpisode.__struct_fields__)
