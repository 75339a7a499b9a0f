"""TV seasons, below their show: ``tv(id:) { seasons season(number:) }``.

A season's selection decides where it comes from (``source``), and the same sets decide its
price (``schema/pricing.py``):
- the show's body lists every season as a summary: a selection within what it serves
  (``SUMMARY``, by the summary rule of ``schema/summary.py``) is served from it, at no cost
  beyond the show;
- anything else (its episodes, credits, images, ...) loads the season's own row (``tv.season``,
  key (show, number)) with every part selected appended: one request per season;
- a selection of only ``seasonNumber`` and ``episode(number:)`` needs neither: each episode is
  one request of its own, and the season is what its arguments say.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import ClassVar, Final, Literal

import strawberry

from schema.aggregate import EMPTY_AGGREGATE, AggregateCredits
from schema.common import (
    Translation,
    Video,
    blank_to_none,
    first_items,
    to_date,
    translations,
    videos,
)
from schema.company import Network, networks
from schema.context import Info, resolve
from schema.credits import EMPTY_CREDITS, Credits
from schema.episode import LISTED, Episode, episodes, load_episode
from schema.externalids import SeasonExternalIds, external_ids
from schema.images import EMPTY_IMAGES, Images, PosterSize, image_url
from schema.summary import embedded, holding
from schema.watch import WatchOffers, offers
from tmdbfusion import models as tmdb
from tmdbfusion.errors import NotFoundError
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE

_NO_IDS: Final = tmdb.SeasonExternalIds()
# What a season reached by its number serves with no request of its own.
_BY_NUMBER: Final = frozenset({"__typename", "seasonNumber", "episode"})

# What a show serves without its body: seasons asked by number. Not its id alone: a query for
# just the id asks whether the show exists.
_WITHOUT_SHOW: Final = frozenset({"__typename", "season"})

Source = Literal["number", "summary", "season"]


def source(names: frozenset[str]) -> Source:
    """Where a season with these fields selected comes from."""
    if names <= _BY_NUMBER and "episode" in names:
        return "number"
    return "summary" if names <= SUMMARY.served else "season"


def show_needed(names: frozenset[str], seasons: Iterable[frozenset[str]]) -> bool:
    """Whether a show with ``names`` selected needs its body (its own request): a field other
    than seasons by number, or a season (``seasons``: what each ``season(number:)`` selects)
    that its list of seasons serves. The show's resolver and its price both ask this."""
    return not names <= _WITHOUT_SHOW or any(source(s) == "summary" for s in seasons)


@strawberry.type(description="A season of a TV show, with its parts fetched in one request.")
class Season:
    ROW: ClassVar[Resource[tmdb.Season]] = TABLE["tv.season"]
    PARTS: ClassVar[Mapping[str, str]] = {
        "credits": "credits",
        "aggregateCredits": "aggregate_credits",
        "images": "images",
        "videos": "videos",
        "externalIds": "external_ids",
        "translations": "translations",
        "watchProviders": "watch/providers",
    }

    id: int | None
    name: str | None
    overview: str | None
    air_date: date | None
    season_number: int
    episode_count: int | None
    poster_path: str | None
    vote_average: float | None
    _season: strawberry.Private[tmdb.Season | None]
    _series_id: strawberry.Private[int]
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The poster's URL at a TMDB size.")
    def poster_url(self, size: PosterSize = PosterSize.W500) -> str | None:
        return image_url(self.poster_path, size)

    @strawberry.field(description="The networks that aired it.")
    def networks(self, info: Info) -> list[Network | None]:
        return networks(info, self._season.networks if self._season else [])

    @strawberry.field(
        description="Its episodes, from the season's body; a part costs one request per episode."
    )
    def episodes(self, info: Info, first: int | None = strawberry.UNSET) -> list[Episode | None]:
        items = first_items(self._season.episodes if self._season else [], first)
        return episodes(info, LISTED, items, self._language, self._series_id, self.season_number)

    @strawberry.field(description="One episode by its number: one request, with its parts.")
    def episode(self, info: Info, number: int) -> Episode | None:
        return load_episode(info, self._series_id, self.season_number, number, self._language)

    # The parts: built only when selected. A season served without its body (``source``) has
    # none, and none is selected of it.

    @strawberry.field(description="Part `credits`.")
    def credits(self) -> Credits:
        found = self._season.credits if self._season else None
        return Credits(_credits=found or EMPTY_CREDITS, _language=self._language)

    @strawberry.field(
        description="Part `aggregate_credits`: the cast and crew of every episode, with roles."
    )
    def aggregate_credits(self) -> AggregateCredits:
        found = self._season.aggregate_credits if self._season else None
        return AggregateCredits(_credits=found or EMPTY_AGGREGATE, _language=self._language)

    @strawberry.field(description="Part `images`.")
    def images(self) -> Images:
        return Images(_images=(self._season.images if self._season else None) or EMPTY_IMAGES)

    @strawberry.field(description="Part `videos`.")
    def videos(self) -> list[Video]:
        return videos(self._season.videos if self._season else None)

    @strawberry.field(description="Part `external_ids`.")
    def external_ids(self) -> SeasonExternalIds:
        found = self._season.external_ids if self._season else None
        return external_ids(SeasonExternalIds, found or _NO_IDS)

    @strawberry.field(description="Part `translations`.")
    def translations(self) -> list[Translation]:
        return translations(self._season.translations if self._season else None)

    @strawberry.field(
        description="Part `watch/providers`: where it streams, rents and sells in one region "
        "(ISO 3166-1, `US`); null where TMDB knows no offer."
    )
    def watch_providers(self, region: str) -> WatchOffers | None:
        return offers(self._season.watch_providers if self._season else None, region)

    @classmethod
    def from_tmdb(cls, s: tmdb.Season, series_id: int, language: str | None) -> Season:
        return cls(
            id=s.id,
            name=blank_to_none(s.name),
            overview=blank_to_none(s.overview),
            air_date=to_date(s.air_date),
            season_number=s.season_number or 0,
            episode_count=len(s.episodes),
            poster_path=s.poster_path,
            vote_average=s.vote_average,
            _season=s,
            _series_id=series_id,
            _language=language,
        )

    @classmethod
    def from_summary(cls, s: tmdb.SeasonSummary, series_id: int, language: str | None) -> Season:
        return cls.numbered(
            series_id,
            s.season_number or 0,
            language,
            id=s.id,
            name=blank_to_none(s.name),
            overview=blank_to_none(s.overview),
            air_date=to_date(s.air_date),
            episode_count=s.episode_count,
            poster_path=s.poster_path,
            vote_average=s.vote_average,
        )

    @classmethod
    def numbered(
        cls,
        series_id: int,
        number: int,
        language: str | None,
        *,
        id: int | None = None,
        name: str | None = None,
        overview: str | None = None,
        air_date: date | None = None,
        episode_count: int | None = None,
        poster_path: str | None = None,
        vote_average: float | None = None,
    ) -> Season:
        """A season without its body: what a summary or the arguments say; nothing else is
        selected of it (``source``)."""
        return cls(
            id=id,
            name=name,
            overview=overview,
            air_date=air_date,
            season_number=number,
            episode_count=episode_count,
            poster_path=poster_path,
            vote_average=vote_average,
            _season=None,
            _series_id=series_id,
            _language=language,
        )


def load_season(info: Info, series_id: int, number: int, language: str | None) -> Season:
    """The season, or an awaitable of it on a cache miss (see ``schema.context.resolve``)."""
    return resolve(
        info,
        Season.ROW,
        (series_id, number),
        language,
        Season.PARTS,
        lambda s: Season.from_tmdb(s, series_id, language),
    )


def summary_of(show: tmdb.TVSeries, number: int) -> tmdb.SeasonSummary:
    """The show's summary of its season ``number``: NOT_FOUND, as TMDB says, if it has none."""
    for summary in show.seasons:
        if summary.season_number == number:
            return summary
    raise NotFoundError(f"TV show {show.id} has no season {number}", status_code=404)


def seasons(
    info: Info, items: Sequence[tmdb.SeasonSummary], language: str | None, series_id: int | None
) -> list[Season | None]:
    """Seasons as a show, credit or lookup lists them, each loaded if the selection needs more:
    of ``series_id``, or of the show each names (a lookup's)."""

    def show(s: tmdb.SeasonSummary) -> int:
        return series_id if series_id is not None else s.show_id or 0

    def build(s: tmdb.SeasonSummary, details: tmdb.Season | None) -> Season:
        if details is None:
            return Season.from_summary(s, show(s), language)
        return Season.from_tmdb(details, show(s), language)

    return embedded(
        info, SUMMARY, items, language, lambda s: (show(s), s.season_number or 0), build
    )


# What a show, a credit and a lookup hold of a season; and its episodes by number, which need
# only the season's number (each is a request of its own).
SUMMARY: Final = holding(Season, (*tmdb.SeasonSummary.__struct_fields__, "episode"))
