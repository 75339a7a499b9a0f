"""``find(externalId:, source:)``: what TMDB holds under another site's id (IMDb, TVDB, ...).

One request (``GET /find/{external_id}?external_source=...``). TMDB answers with summaries: the
movies, shows and people are served by the summary rule (schema/summary.py), the seasons and
episodes from their summaries as a show's list serves them (schema/embedded.py); any of them is
loaded only for a field its summary lacks.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Final

import strawberry

from schema import season
from schema.context import Info, resolve
from schema.embedded import summaries_or_entities
from schema.episode import SUMMARY_FIELDS as EPISODE_SUMMARY_FIELDS, Episode
from schema.season import Season
from schema.summary import summaries
from tmdbfusion import models as tmdb
from tmdbfusion.resources import TABLE

if TYPE_CHECKING:
    from schema.movie import Movie
    from schema.person import Person
    from schema.tv import TVShow

LazyMovie = Annotated["Movie", strawberry.lazy("schema.movie")]
LazyPerson = Annotated["Person", strawberry.lazy("schema.person")]
LazyTVShow = Annotated["TVShow", strawberry.lazy("schema.tv")]

ROW: Final = TABLE["find.by_id"]


@strawberry.enum(description="The sites whose ids TMDB finds things by (TMDB's own list).")
class ExternalSource(Enum):
    IMDB_ID = "imdb_id"
    TVDB_ID = "tvdb_id"
    WIKIDATA_ID = "wikidata_id"
    FACEBOOK_ID = "facebook_id"
    INSTAGRAM_ID = "instagram_id"
    TWITTER_ID = "twitter_id"
    TIKTOK_ID = "tiktok_id"
    YOUTUBE_ID = "youtube_id"


@strawberry.type(description="What TMDB holds under an external id, by kind.")
class FindResults:
    _found: strawberry.Private[tmdb.FindResults]
    _language: strawberry.Private[str | None]

    @strawberry.field
    def movie_results(self, info: Info) -> list[LazyMovie | None]:
        found: list[Any] = summaries(info, self._found.movie_results, self._language)
        return found

    @strawberry.field
    def tv_results(self, info: Info) -> list[LazyTVShow | None]:
        found: list[Any] = summaries(info, self._found.tv_results, self._language)
        return found

    @strawberry.field
    def person_results(self, info: Info) -> list[LazyPerson | None]:
        found: list[Any] = summaries(info, self._found.person_results, self._language)
        return found

    @strawberry.field
    def tv_season_results(self, info: Info) -> list[Season | None]:
        language = self._language
        return summaries_or_entities(
            info,
            season.SERVED_WITHOUT,
            self._found.tv_season_results,
            lambda s: Season.from_summary(s, s.show_id or 0, language),
            Season.ROW,
            lambda s: (s.show_id or 0, s.season_number or 0),
            language,
            Season.PARTS,
            lambda summary, s: Season.from_tmdb(s, summary.show_id or 0, language),
        )

    @strawberry.field
    def tv_episode_results(self, info: Info) -> list[Episode | None]:
        language = self._language
        return summaries_or_entities(
            info,
            EPISODE_SUMMARY_FIELDS,
            self._found.tv_episode_results,
            lambda e: Episode.from_summary(e, language),
            Episode.ROW,
            lambda e: (e.show_id or 0, e.season_number or 0, e.episode_number or 0),
            language,
            Episode.PARTS,
            lambda _, e: Episode.from_tmdb(e, language),
        )


def load_find(
    info: Info, external_id: str, source: ExternalSource, language: str | None
) -> FindResults:
    return resolve(
        info,
        ROW,
        (external_id,),
        language,
        {},
        lambda found: FindResults(_found=found, _language=language),
        (("external_source", source.value),),
    )
