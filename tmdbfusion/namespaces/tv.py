"""``client.tv``: a series, each of its parts on its own, and the series charts.

Seasons and episodes are in the same namespace (``client.tv.season(1399, 1)``), declared in
``tv_seasons.py``.
"""

from collections.abc import Sequence
from typing import Literal

from tmdbfusion import models
from tmdbfusion.namespaces.tv_seasons import TVSeasons
from tmdbfusion.operation import Mode, get, pages
from tmdbfusion.resource import CHART, ENTITY, UNCACHED

# The parts TMDB appends to a series (account_states needs a user session).
TVPart = Literal[
    "aggregate_credits",
    "alternative_titles",
    "changes",
    "content_ratings",
    "credits",
    "episode_groups",
    "external_ids",
    "images",
    "keywords",
    "lists",
    "recommendations",
    "reviews",
    "screened_theatrically",
    "similar",
    "translations",
    "videos",
    "watch/providers",
]


class TV(TVSeasons[Mode]):
    namespace = "tv"

    @get("/tv/{series_id}", ttl=ENTITY)
    def details(
        self, series_id: int, /, *, language: str | None = None, append: Sequence[TVPart] = ()
    ) -> models.TVSeries:
        """A series; each part in ``append`` comes in the same request, as the field it names."""

    @get("/tv/{series_id}/aggregate_credits", ttl=ENTITY)
    def aggregate_credits(
        self, series_id: int, /, *, language: str | None = None
    ) -> models.AggregateCredits:
        """The cast and crew of the whole run, each with every role and job they had."""

    @get("/tv/{series_id}/alternative_titles", ttl=ENTITY)
    def alternative_titles(self, series_id: int, /) -> models.TVSeriesAlternativeTitles: ...

    @get("/tv/{series_id}/changes", ttl=ENTITY)
    def changes(
        self,
        series_id: int,
        /,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
        page: int | None = None,
    ) -> models.Changes: ...

    @get("/tv/{series_id}/content_ratings", ttl=ENTITY)
    def content_ratings(self, series_id: int, /) -> models.ContentRatings: ...

    @get("/tv/{series_id}/credits", ttl=ENTITY)
    def credits(self, series_id: int, /, *, language: str | None = None) -> models.Credits:
        """The cast and crew of the latest season."""

    @get("/tv/{series_id}/episode_groups", ttl=ENTITY)
    def episode_groups(self, series_id: int, /) -> models.EpisodeGroups: ...

    @get("/tv/{series_id}/external_ids", ttl=ENTITY)
    def external_ids(self, series_id: int, /) -> models.TVSeriesExternalIds: ...

    @get("/tv/{series_id}/images", ttl=ENTITY)
    def images(
        self,
        series_id: int,
        /,
        *,
        include_image_language: str | None = None,
        language: str | None = None,
    ) -> models.Images: ...

    @get("/tv/{series_id}/keywords", ttl=ENTITY)
    def keywords(self, series_id: int, /) -> models.TVSeriesKeywords: ...

    @get("/tv/{series_id}/lists", ttl=UNCACHED)
    def lists(
        self, series_id: int, /, *, language: str | None = None, page: int | None = None
    ) -> models.ListsPage: ...

    lists_pages = pages(lists)

    @get("/tv/{series_id}/recommendations", ttl=ENTITY)
    def recommendations(
        self, series_id: int, /, *, language: str | None = None, page: int | None = None
    ) -> models.TVSeriesPage: ...

    recommendations_pages = pages(recommendations)

    @get("/tv/{series_id}/reviews", ttl=ENTITY)
    def reviews(
        self, series_id: int, /, *, language: str | None = None, page: int | None = None
    ) -> models.ReviewPage: ...

    reviews_pages = pages(reviews)

    @get("/tv/{series_id}/screened_theatrically", ttl=ENTITY)
    def screened_theatrically(self, series_id: int, /) -> models.ScreenedTheatrically: ...

    @get("/tv/{series_id}/similar", ttl=ENTITY)
    def similar(
        self, series_id: int, /, *, language: str | None = None, page: int | None = None
    ) -> models.TVSeriesPage: ...

    similar_pages = pages(similar)

    @get("/tv/{series_id}/translations", ttl=ENTITY)
    def translations(self, series_id: int, /) -> models.Translations: ...

    @get("/tv/{series_id}/videos", ttl=ENTITY)
    def videos(
        self,
        series_id: int,
        /,
        *,
        include_video_language: str | None = None,
        language: str | None = None,
    ) -> models.Videos: ...

    @get("/tv/{series_id}/watch/providers", ttl=ENTITY)
    def watch_providers(self, series_id: int, /) -> models.WatchProviders: ...

    @get("/tv/latest", ttl=UNCACHED)
    def latest(self) -> models.TVSeries:
        """The series most recently added to TMDB."""

    @get("/tv/airing_today", ttl=CHART)
    def airing_today(
        self, *, language: str | None = None, page: int | None = None, timezone: str | None = None
    ) -> models.TVSeriesPage: ...

    airing_today_pages = pages(airing_today)

    @get("/tv/on_the_air", ttl=CHART)
    def on_the_air(
        self, *, language: str | None = None, page: int | None = None, timezone: str | None = None
    ) -> models.TVSeriesPage: ...

    on_the_air_pages = pages(on_the_air)

    @get("/tv/popular", ttl=CHART)
    def popular(
        self, *, language: str | None = None, page: int | None = None
    ) -> models.TVSeriesPage: ...

    popular_pages = pages(popular)

    @get("/tv/top_rated", ttl=CHART)
    def top_rated(
        self, *, language: str | None = None, page: int | None = None
    ) -> models.TVSeriesPage: ...

    top_rated_pages = pages(top_rated)
