"""``find(externalId:, source:)``: what TMDB holds under another site's id (IMDb, TVDB, ...).

One request (``GET /find/{external_id}?external_source=...``). TMDB answers with summaries: the
movies, shows and people are served by the summary rule (schema/summary.py), the seasons and
episodes from their summaries as a show's list serves them (by the same rule); any of them is
loaded only for a field its summary lacks.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Final

import strawberry

from schema import episode
from schema.context import Info, resolve
from schema.episode import Episode, episodes
from schema.season import Season, seasons
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
        return seasons(info, self._found.tv_season_results, self._language, None)

    @strawberry.field
    def tv_episode_results(self, info: Info) -> list[Episode | None]:
        found = self._found.tv_episode_results
        return episodes(info, episode.SUMMARY, found, self._language, None)


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
