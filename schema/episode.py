"""TV episodes, below their season: ``tv(id:) { season(number:) { episode(number:) } }``.

An episode comes three ways: loaded by its own row (``tv.episode``, key (show, season,
episode)) with every part selected appended to one request; as its season's body lists it
(everything but the parts); and as its show's body names the last and next to air (a summary
without crew and guest stars). A list item or summary is served as it came while the selection
asks only for what it has, and loaded otherwise (``schema/embedded.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar, Final

import strawberry

from schema.common import Translation, Video, blank_to_none, to_date, translations, videos
from schema.context import Info, resolve
from schema.credits import CastCredit, CrewCredit, EpisodeCredits, cast_credits, crew_credits
from schema.embedded import summaries_or_entities, summary_or_entity
from schema.externalids import EpisodeExternalIds, external_ids
from schema.images import EpisodeImages, StillSize, image_url
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE

# What a show's last or next episode to air serves; a season's episodes add crew and guests.
SUMMARY_FIELDS: Final = frozenset(
    {
        "__typename",
        "id",
        "name",
        "overview",
        "airDate",
        "episodeNumber",
        "episodeType",
        "seasonNumber",
        "showId",
        "productionCode",
        "runtime",
        "stillPath",
        "stillUrl",
        "voteAverage",
        "voteCount",
    }
)
SEASON_FIELDS: Final = SUMMARY_FIELDS | {"crew", "guestStars"}


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
    crew: list[CrewCredit] = strawberry.field(description="The episode's own crew.")
    guest_stars: list[CastCredit] = strawberry.field(description="The episode's guest stars.")
    credits: EpisodeCredits = strawberry.field(description="Part `credits`: the regular cast too.")
    images: EpisodeImages = strawberry.field(description="Part `images`.")
    videos: list[Video] = strawberry.field(description="Part `videos`.")
    external_ids: EpisodeExternalIds = strawberry.field(description="Part `external_ids`.")
    translations: list[Translation] = strawberry.field(description="Part `translations`.")

    @strawberry.field(description="The still's URL at a TMDB size.")
    def still_url(self, size: StillSize = StillSize.W300) -> str | None:
        return image_url(self.still_path, size)

    @classmethod
    def from_tmdb(cls, e: tmdb.Episode, language: str | None) -> Episode:
        return cls.from_summary(e, language)

    @classmethod
    def from_summary(cls, e: tmdb.EpisodeSummary, language: str | None) -> Episode:
        """From any of the three: what it lacks (parts, credits) is empty, and never selected
        of it (``SUMMARY_FIELDS``, ``SEASON_FIELDS``)."""
        listed = e if isinstance(e, tmdb.SeasonEpisode) else None
        details = e if isinstance(e, tmdb.Episode) else None
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
            crew=crew_credits(listed.crew, language) if listed else [],
            guest_stars=cast_credits(listed.guest_stars, language) if listed else [],
            credits=EpisodeCredits(
                _credits=(details and details.credits) or tmdb.EpisodeCredits(),
                _language=language,
            ),
            images=EpisodeImages(_images=(details and details.images) or tmdb.Images()),
            videos=videos(details.videos if details else None),
            external_ids=external_ids(
                EpisodeExternalIds,
                (details and details.external_ids) or tmdb.EpisodeExternalIds(),
            ),
            translations=translations(details.translations if details else None),
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


def summarized(
    info: Info, series_id: int, summary: tmdb.EpisodeSummary, language: str | None
) -> Episode:
    """A show's last or next episode to air: its summary, or loaded if the selection needs."""
    return summary_or_entity(
        info,
        SUMMARY_FIELDS,
        lambda: Episode.from_summary(summary, language),
        lambda: load_episode(
            info, series_id, summary.season_number or 0, summary.episode_number or 0, language
        ),
    )


def listed(
    info: Info,
    series_id: int,
    season_number: int,
    items: list[tmdb.SeasonEpisode],
    language: str | None,
) -> list[Episode | None]:
    """A season's episodes as its body lists them, each loaded if the selection needs a part."""
    return summaries_or_entities(
        info,
        SEASON_FIELDS,
        items,
        lambda e: Episode.from_summary(e, language),
        Episode.ROW,
        lambda e: (series_id, e.season_number or season_number, e.episode_number or 0),
        language,
        Episode.PARTS,
        lambda e: Episode.from_tmdb(e, language),
    )
