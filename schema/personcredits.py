"""A person's credits (parts ``combined_credits``, ``movie_credits``, ``tv_credits``): each role
and job, with the movie or show it is in.

TMDB sends each credit as the movie's or show's summary with the role added. The role is the
credit's own fields; the movie or show is served as the full ``Movie``/``TVShow`` by the summary
rule (schema/summary.py): from the summary, and loaded (one request per distinct title) only when
a field the summary lacks is selected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from schema.common import blank_to_none, first_items
from schema.context import Info
from schema.summary import summaries
from tmdbfusion import models as tmdb

if TYPE_CHECKING:
    from schema.movie import Movie
    from schema.tv import TVShow

# Movies and shows reach people through their credits: named lazily.
LazyMovie = Annotated["Movie", strawberry.lazy("schema.movie")]
LazyTVShow = Annotated["TVShow", strawberry.lazy("schema.tv")]

Cast = tmdb.PersonMovieCast | tmdb.PersonTVCast
Crew = tmdb.PersonMovieCrew | tmdb.PersonTVCrew


def _title(info: Info, credit: Any, language: str | None) -> Any:
    """The credit's movie or show: built from its summary, or an awaitable of it loaded."""
    [title] = summaries(info, [credit], language)
    return title


@strawberry.type(description="A role a person played in a movie or show.")
class PersonCastCredit:
    credit_id: str | None
    media_type: str = strawberry.field(description="`movie` or `tv`.")
    character: str | None
    order: int | None = strawberry.field(description="The billing order, for a movie.")
    episode_count: int | None = strawberry.field(description="For a show: in how many episodes.")
    _credit: strawberry.Private[Cast]
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The movie, for a movie credit; null for a TV credit.")
    def movie(self, info: Info) -> LazyMovie | None:
        if not isinstance(self._credit, tmdb.PersonMovieCast):
            return None
        movie: LazyMovie = _title(info, self._credit, self._language)
        return movie

    @strawberry.field(description="The show, for a TV credit; null for a movie credit.")
    def tv(self, info: Info) -> LazyTVShow | None:
        if isinstance(self._credit, tmdb.PersonMovieCast):
            return None
        show: LazyTVShow = _title(info, self._credit, self._language)
        return show

    @classmethod
    def from_tmdb(cls, c: Cast, language: str | None) -> PersonCastCredit:
        movie = isinstance(c, tmdb.PersonMovieCast)
        return cls(
            credit_id=blank_to_none(c.credit_id),
            media_type="movie" if movie else "tv",
            character=blank_to_none(c.character),
            order=c.order if isinstance(c, tmdb.PersonMovieCast) else None,
            episode_count=None if isinstance(c, tmdb.PersonMovieCast) else c.episode_count,
            _credit=c,
            _language=language,
        )


@strawberry.type(description="A job a person had on a movie or show.")
class PersonCrewCredit:
    credit_id: str | None
    media_type: str = strawberry.field(description="`movie` or `tv`.")
    department: str | None
    job: str | None
    episode_count: int | None = strawberry.field(description="For a show: in how many episodes.")
    _credit: strawberry.Private[Crew]
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The movie, for a movie credit; null for a TV credit.")
    def movie(self, info: Info) -> LazyMovie | None:
        if not isinstance(self._credit, tmdb.PersonMovieCrew):
            return None
        movie: LazyMovie = _title(info, self._credit, self._language)
        return movie

    @strawberry.field(description="The show, for a TV credit; null for a movie credit.")
    def tv(self, info: Info) -> LazyTVShow | None:
        if isinstance(self._credit, tmdb.PersonMovieCrew):
            return None
        show: LazyTVShow = _title(info, self._credit, self._language)
        return show

    @classmethod
    def from_tmdb(cls, c: Crew, language: str | None) -> PersonCrewCredit:
        movie = isinstance(c, tmdb.PersonMovieCrew)
        return cls(
            credit_id=blank_to_none(c.credit_id),
            media_type="movie" if movie else "tv",
            department=blank_to_none(c.department),
            job=blank_to_none(c.job),
            episode_count=None if isinstance(c, tmdb.PersonMovieCrew) else c.episode_count,
            _credit=c,
            _language=language,
        )


@strawberry.type(description="A person's roles and jobs, as TMDB lists them.")
class PersonCredits:
    _cast: strawberry.Private[list[Cast]]
    _crew: strawberry.Private[list[Crew]]
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The roles; `first` keeps the first n.")
    def cast(self, first: int | None = strawberry.UNSET) -> list[PersonCastCredit]:
        language = self._language
        return [PersonCastCredit.from_tmdb(c, language) for c in first_items(self._cast, first)]

    @strawberry.field(description="The jobs; `first` keeps the first n.")
    def crew(self, first: int | None = strawberry.UNSET) -> list[PersonCrewCredit]:
        language = self._language
        return [PersonCrewCredit.from_tmdb(c, language) for c in first_items(self._crew, first)]


def person_credits(
    wrapper: tmdb.CombinedCredits | tmdb.PersonMovieCredits | tmdb.PersonTVCredits | None,
    language: str | None,
) -> PersonCredits:
    if wrapper is None:
        return PersonCredits(_cast=[], _crew=[], _language=language)
    return PersonCredits(_cast=list(wrapper.cast), _crew=list(wrapper.crew), _language=language)
