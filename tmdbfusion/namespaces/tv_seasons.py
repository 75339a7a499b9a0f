"""``client.tv``'s seasons and episodes: keyed by series id, season and episode number."""

from collections.abc import Sequence
from typing import Literal

from tmdbfusion import models
from tmdbfusion.operation import Mode, Namespace, get
from tmdbfusion.resource import ENTITY

# The parts TMDB appends to a season and to an episode (account_states needs a user session).
SeasonPart = Literal[
    "aggregate_credits",
    "credits",
    "external_ids",
    "images",
    "translations",
    "videos",
    "watch/providers",
]
EpisodePart = Literal["credits", "external_ids", "images", "translations", "videos"]


class TVSeasons(Namespace[Mode]):
    namespace = "tv"

    @get("/tv/{series_id}/season/{season_number}", ttl=ENTITY)
    def season(
        self,
        series_id: int,
        season_number: int,
        /,
        *,
        language: str | None = None,
        append: Sequence[SeasonPart] = (),
    ) -> models.Season:
        """A season with its episodes; each part in ``append`` comes in the same request."""

    @get("/tv/{series_id}/season/{season_number}/aggregate_credits", ttl=ENTITY)
    def season_aggregate_credits(
        self, series_id: int, season_number: int, /, *, language: str | None = None
    ) -> models.AggregateCredits: ...

    @get("/tv/season/{season_id}/changes", ttl=ENTITY)
    def season_changes(
        self,
        season_id: int,
        /,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
        page: int | None = None,
    ) -> models.Changes:
        """A season's changes, by the season's own id (not the series id and number)."""

    @get("/tv/{series_id}/season/{season_number}/credits", ttl=ENTITY)
    def season_credits(
        self, series_id: int, season_number: int, /, *, language: str | None = None
    ) -> models.Credits: ...

    @get("/tv/{series_id}/season/{season_number}/external_ids", ttl=ENTITY)
    def season_external_ids(
        self, series_id: int, season_number: int, /
    ) -> models.SeasonExternalIds: ...

    @get("/tv/{series_id}/season/{season_number}/images", ttl=ENTITY)
    def season_images(
        self,
        series_id: int,
        season_number: int,
        /,
        *,
        include_image_language: str | None = None,
        language: str | None = None,
    ) -> models.Images: ...

    @get("/tv/{series_id}/season/{season_number}/translations", ttl=ENTITY)
    def season_translations(self, series_id: int, season_number: int, /) -> models.Translations: ...

    @get("/tv/{series_id}/season/{season_number}/videos", ttl=ENTITY)
    def season_videos(
        self,
        series_id: int,
        season_number: int,
        /,
        *,
        include_video_language: str | None = None,
        language: str | None = None,
    ) -> models.Videos: ...

    @get("/tv/{series_id}/season/{season_number}/watch/providers", ttl=ENTITY)
    def season_watch_providers(
        self, series_id: int, season_number: int, /, *, language: str | None = None
    ) -> models.WatchProviders: ...

    @get("/tv/{series_id}/season/{season_number}/episode/{episode_number}", ttl=ENTITY)
    def episode(
        self,
        series_id: int,
        season_number: int,
        episode_number: int,
        /,
        *,
        language: str | None = None,
        append: Sequence[EpisodePart] = (),
    ) -> models.Episode:
        """An episode; each part in ``append`` comes in the same request."""

    @get("/tv/episode/{episode_id}/changes", ttl=ENTITY)
    def episode_changes(self, episode_id: int, /) -> models.Changes:
        """An episode's changes, by the episode's own id."""

    @get("/tv/{series_id}/season/{season_number}/episode/{episode_number}/credits", ttl=ENTITY)
    def episode_credits(
        self,
        series_id: int,
        season_number: int,
        episode_number: int,
        /,
        *,
        language: str | None = None,
    ) -> models.EpisodeCredits: ...

    @get(
        "/tv/{series_id}/season/{season_number}/episode/{episode_number}/external_ids",
        ttl=ENTITY,
    )
    def episode_external_ids(
        self, series_id: int, season_number: int, episode_number: int, /
    ) -> models.EpisodeExternalIds: ...

    @get("/tv/{series_id}/season/{season_number}/episode/{episode_number}/images", ttl=ENTITY)
    def episode_images(
        self,
        series_id: int,
        season_number: int,
        episode_number: int,
        /,
        *,
        include_image_language: str | None = None,
        language: str | None = None,
    ) -> models.Images: ...

    @get(
        "/tv/{series_id}/season/{season_number}/episode/{episode_number}/translations",
        ttl=ENTITY,
    )
    def episode_translations(
        self, series_id: int, season_number: int, episode_number: int, /
    ) -> models.Translations: ...

    @get("/tv/{series_id}/season/{season_number}/episode/{episode_number}/videos", ttl=ENTITY)
    def episode_videos(
        self,
        series_id: int,
        season_number: int,
        episode_number: int,
        /,
        *,
        include_video_language: str | None = None,
        language: str | None = None,
    ) -> models.Videos: ...

    @get("/tv/episode_group/{tv_episode_group_id}", ttl=ENTITY)
    def episode_group(self, tv_episode_group_id: str, /) -> models.EpisodeGroup:
        """An episode group (an alternative order of a series' episodes), by its id."""
