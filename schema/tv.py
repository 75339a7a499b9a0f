"""TV shows, with their seasons and episodes below them (``schema/season.py``,
``schema/episode.py``).

A show's own request is sent only when its selection needs its body: ``tv(id:) { season(number:
1) { episodes { name } } }`` costs the season's request alone (``needs_body``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar, Final

import strawberry
from graphql import value_from_ast_untyped

from schema import season
from schema.aggregate import EMPTY_AGGREGATE, AggregateCredits
from schema.common import (
    AlternativeTitle,
    Genre,
    ProductionCountry,
    SpokenLanguage,
    Translation,
    Video,
    alternative_titles,
    blank_to_none,
    first_items,
    genres,
    production_countries,
    spoken_languages,
    to_date,
    translations,
    videos,
)
from schema.company import Company, Network, companies, networks
from schema.context import Info, prime, resolve
from schema.credits import EMPTY_CREDITS, Credits
from schema.episode import Episode, summarized
from schema.episodegroup import EpisodeGroup, episode_groups
from schema.externalids import TVShowExternalIds, external_ids
from schema.images import EMPTY_IMAGES, BackdropSize, Images, PosterSize, image_url
from schema.keyword import Keyword, keywords
from schema.pages import EMPTY_PAGE, Page
from schema.planner import child_fields, names_below, parts_of, selected_names
from schema.ratings import ContentRating, content_ratings
from schema.review import ReviewPage, UserListPage
from schema.season import Season, load_season, seasons
from schema.summary import kind
from schema.tvparts import Creator, ScreenedEpisode, creators, screened
from schema.watch import WatchOffers, offers
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE

_NO_IDS: Final = tmdb.TVSeriesExternalIds()


@strawberry.type(description="A TV show, with any of its parts fetched in the same TMDB request.")
class TVShow:
    # The resource table's row a show is loaded by, and each GraphQL field served from one of
    # its parts -> that TMDB part (tests/schema/test_parts.py checks them against the row).
    ROW: ClassVar[Resource[tmdb.TVSeries]] = TABLE["tv.details"]
    PARTS: ClassVar[Mapping[str, str]] = {
        "credits": "credits",
        "aggregateCredits": "aggregate_credits",
        "images": "images",
        "videos": "videos",
        "keywords": "keywords",
        "reviews": "reviews",
        "lists": "lists",
        "contentRatings": "content_ratings",
        "episodeGroups": "episode_groups",
        "screenedTheatrically": "screened_theatrically",
        "externalIds": "external_ids",
        "alternativeTitles": "alternative_titles",
        "translations": "translations",
        "watchProviders": "watch/providers",
        "recommendations": "recommendations",
        "similar": "similar",
    }

    id: int
    name: str
    original_name: str | None
    original_language: str | None
    overview: str | None
    tagline: str | None
    first_air_date: date | None
    last_air_date: date | None
    status: str | None
    type: str | None
    homepage: str | None
    in_production: bool | None
    adult: bool | None
    number_of_seasons: int | None
    number_of_episodes: int | None
    episode_run_time: list[int]
    origin_country: list[str]
    languages: list[str]
    popularity: float | None
    vote_average: float | None
    vote_count: int | None
    genres: list[Genre]
    created_by: list[Creator]
    production_countries: list[ProductionCountry]
    spoken_languages: list[SpokenLanguage]
    poster_path: str | None
    backdrop_path: str | None
    _show: strawberry.Private[tmdb.TVSeries]
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The poster's URL at a TMDB size.")
    def poster_url(self, size: PosterSize = PosterSize.W500) -> str | None:
        return image_url(self.poster_path, size)

    @strawberry.field(description="The backdrop's URL at a TMDB size.")
    def backdrop_url(self, size: BackdropSize = BackdropSize.W780) -> str | None:
        return image_url(self.backdrop_path, size)

    # The parts: built only when selected (most operations select few of them).

    @strawberry.field(description="Part `credits`: the latest season's.")
    def credits(self) -> Credits:
        return Credits(_credits=self._show.credits or EMPTY_CREDITS, _language=self._language)

    @strawberry.field(
        description="Part `aggregate_credits`: the cast and crew of every episode, with roles."
    )
    def aggregate_credits(self) -> AggregateCredits:
        found = self._show.aggregate_credits
        return AggregateCredits(_credits=found or EMPTY_AGGREGATE, _language=self._language)

    @strawberry.field(description="Part `images`.")
    def images(self) -> Images:
        return Images(_images=self._show.images or EMPTY_IMAGES)

    @strawberry.field(description="Part `videos`.")
    def videos(self) -> list[Video]:
        return videos(self._show.videos)

    @strawberry.field(description="Part `keywords`.")
    def keywords(self) -> list[Keyword]:
        found = self._show.keywords
        return keywords(found.results if found else [])

    @strawberry.field(description="Part `reviews`: the first page.")
    def reviews(self) -> ReviewPage:
        return ReviewPage.from_tmdb(self._show.reviews)

    @strawberry.field(description="Part `lists`: the first page of user lists the show is on.")
    def lists(self) -> UserListPage:
        return UserListPage.from_tmdb(self._show.lists)

    @strawberry.field(description="Part `content_ratings`: its age rating per country.")
    def content_ratings(self) -> list[ContentRating]:
        return content_ratings(self._show.content_ratings)

    @strawberry.field(
        description="Part `episode_groups`: each group as the show lists it; its `groups` cost "
        "one request per group."
    )
    def episode_groups(
        self, info: Info, first: int | None = strawberry.UNSET
    ) -> list[EpisodeGroup | None]:
        return episode_groups(info, self._show.episode_groups, self._language, first)

    @strawberry.field(description="Part `screened_theatrically`.")
    def screened_theatrically(self) -> list[ScreenedEpisode]:
        return screened(self._show.screened_theatrically)

    @strawberry.field(description="Part `external_ids`.")
    def external_ids(self) -> TVShowExternalIds:
        return external_ids(TVShowExternalIds, self._show.external_ids or _NO_IDS)

    @strawberry.field(description="Part `alternative_titles`.")
    def alternative_titles(self) -> list[AlternativeTitle]:
        found = self._show.alternative_titles
        return alternative_titles(found.results if found else [])

    @strawberry.field(description="Part `translations`.")
    def translations(self) -> list[Translation]:
        return translations(self._show.translations)

    @strawberry.field(
        description="Part `recommendations`: the first page; a field a show's summary lacks "
        "costs one request per show."
    )
    def recommendations(self) -> TVShowPage:
        return TVShowPage.from_tmdb(self._show.recommendations or EMPTY_PAGE, self._language)

    @strawberry.field(
        description="Part `similar`: the first page; a field a show's summary lacks costs one "
        "request per show."
    )
    def similar(self) -> TVShowPage:
        return TVShowPage.from_tmdb(self._show.similar or EMPTY_PAGE, self._language)

    @strawberry.field(description="Who aired it; a network's details cost one request each.")
    def networks(self, info: Info) -> list[Network | None]:
        return networks(info, self._show.networks)

    @strawberry.field(
        description="Who produced it; a company's details cost one request per company."
    )
    def production_companies(self, info: Info) -> list[Company | None]:
        return companies(info, self._show.production_companies)

    @strawberry.field(
        description="Every season, as the show lists them; a field the list lacks (episodes, "
        "parts) costs one request per season."
    )
    def seasons(self, info: Info, first: int | None = strawberry.UNSET) -> list[Season | None]:
        items = first_items(self._show.seasons, first)
        return seasons(info, items, self._language, self._show.id)

    @strawberry.field(
        description="One season by its number (0 for specials): one request with its parts, "
        "none if the show's list of seasons has every field selected."
    )
    def season(self, info: Info, number: int) -> Season | None:
        show, language = self._show, self._language
        where = season.source(selected_names(info))
        if where == "number":
            return Season.numbered(show.id, number, language)
        if where == "summary":
            return Season.from_summary(season.summary_of(show, number), show.id, language)
        return load_season(info, show.id, number, language)

    @strawberry.field(description="The latest episode aired; its parts cost one request.")
    def last_episode_to_air(self, info: Info) -> Episode | None:
        summary = self._show.last_episode_to_air
        return None if summary is None else summarized(info, self.id, summary, self._language)

    @strawberry.field(description="The next episode to air, if known; its parts cost one request.")
    def next_episode_to_air(self, info: Info) -> Episode | None:
        summary = self._show.next_episode_to_air
        return None if summary is None else summarized(info, self.id, summary, self._language)

    @strawberry.field(
        description="Part `watch/providers`: where it streams, rents and sells in one region "
        "(ISO 3166-1, `US`); null where TMDB knows no offer."
    )
    def watch_providers(self, region: str) -> WatchOffers | None:
        return offers(self._show.watch_providers, region)

    @classmethod
    def from_tmdb(cls, t: tmdb.TVSeries, language: str | None) -> TVShow:
        return cls(
            id=t.id,
            name=t.name,
            original_name=blank_to_none(t.original_name),
            original_language=blank_to_none(t.original_language),
            overview=blank_to_none(t.overview),
            tagline=blank_to_none(t.tagline),
            first_air_date=to_date(t.first_air_date),
            last_air_date=to_date(t.last_air_date),
            status=blank_to_none(t.status),
            type=blank_to_none(t.type),
            homepage=blank_to_none(t.homepage),
            in_production=t.in_production,
            adult=t.adult,
            number_of_seasons=t.number_of_seasons,
            number_of_episodes=t.number_of_episodes,
            episode_run_time=t.episode_run_time,
            origin_country=t.origin_country,
            languages=t.languages,
            popularity=t.popularity,
            vote_average=t.vote_average,
            vote_count=t.vote_count,
            genres=genres(t.genres),
            created_by=creators(t.created_by, language),
            production_countries=production_countries(t.production_countries),
            spoken_languages=spoken_languages(t.spoken_languages),
            poster_path=t.poster_path,
            backdrop_path=t.backdrop_path,
            _show=t,
            _language=language,
        )


@strawberry.type(description="One of TMDB's pages of shows, 20 results or fewer.")
class TVShowPage(Page[TVShow]):
    """A page of shows (a show's recommendations and similar shows)."""


def needs_body(info: Info) -> bool:
    """Whether the show's selection needs its body (``season.show_needed``)."""
    raw = info._raw_info
    return season.show_needed(
        selected_names(info),
        (
            names_below(nodes, raw.fragments, info.variable_values)
            for nodes in child_fields(info, "season")
        ),
    )


def _prime_seasons(info: Info, id: int, language: str | None) -> None:
    """Start the requests of the seasons asked by number that need their own, beside the show's:
    their fields run only once the show is loaded, and would send them one round trip later."""
    raw = info._raw_info
    for nodes in child_fields(info, "season"):
        names = names_below(nodes, raw.fragments, info.variable_values)
        if season.source(names) != "season":
            continue
        number = next(
            (
                value_from_ast_untyped(argument.value, info.variable_values)
                for argument in nodes[0].arguments or ()
                if argument.name.value == "number"
            ),
            None,
        )
        if isinstance(number, int) and not isinstance(number, bool):
            prime(info, Season.ROW, (id, number), language, parts_of(names, Season.PARTS))


def load_tv(info: Info, id: int, language: str | None) -> TVShow:
    """The show, or an awaitable of it on a cache miss (see ``schema.context.resolve``); with no
    request at all when nothing selected needs its body."""
    if not needs_body(info):
        return TVShow.from_tmdb(tmdb.TVSeries(id=id), language)
    _prime_seasons(info, id, language)
    return resolve(
        info, TVShow.ROW, (id,), language, TVShow.PARTS, lambda t: TVShow.from_tmdb(t, language)
    )


# A show as a search, a chart, a recommendation or a credit lists it.
SUMMARY: Final = kind(TVShow, tmdb.TVSeriesSummary)
