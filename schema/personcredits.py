"""A person's credits (parts ``combined_credits``, ``movie_credits``, ``tv_credits``): each role
and job, in the movies and shows TMDB lists them for.

TMDB sends each credit as the movie's or show's summary with the role added; the credit's own
fields are here. The movie or show itself is DESIGN.md's summary rule, served as the full
``Movie``/``TVShow`` type: it joins these types with that rule (issue 8).
"""

from __future__ import annotations

import strawberry

from schema.common import blank_to_none, first_items
from tmdbfusion import models as tmdb

Cast = tmdb.PersonMovieCast | tmdb.PersonTVCast
Crew = tmdb.PersonMovieCrew | tmdb.PersonTVCrew


@strawberry.type(description="A role a person played in a movie or show.")
class PersonCastCredit:
    credit_id: str | None
    media_type: str = strawberry.field(description="`movie` or `tv`.")
    character: str | None
    order: int | None = strawberry.field(description="The billing order, for a movie.")
    episode_count: int | None = strawberry.field(description="For a show: in how many episodes.")

    @classmethod
    def from_tmdb(cls, c: Cast) -> PersonCastCredit:
        return cls(
            credit_id=blank_to_none(c.credit_id),
            media_type="movie" if isinstance(c, tmdb.PersonMovieCast) else "tv",
            character=blank_to_none(c.character),
            order=c.order if isinstance(c, tmdb.PersonMovieCast) else None,
            episode_count=None if isinstance(c, tmdb.PersonMovieCast) else c.episode_count,
        )


@strawberry.type(description="A job a person had on a movie or show.")
class PersonCrewCredit:
    credit_id: str | None
    media_type: str = strawberry.field(description="`movie` or `tv`.")
    department: str | None
    job: str | None
    episode_count: int | None = strawberry.field(description="For a show: in how many episodes.")

    @classmethod
    def from_tmdb(cls, c: Crew) -> PersonCrewCredit:
        return cls(
            credit_id=blank_to_none(c.credit_id),
            media_type="movie" if isinstance(c, tmdb.PersonMovieCrew) else "tv",
            department=blank_to_none(c.department),
            job=blank_to_none(c.job),
            episode_count=None if isinstance(c, tmdb.PersonMovieCrew) else c.episode_count,
        )


@strawberry.type(description="A person's roles and jobs, as TMDB lists them.")
class PersonCredits:
    _cast: strawberry.Private[list[Cast]]
    _crew: strawberry.Private[list[Crew]]

    @strawberry.field(description="The roles; `first` keeps the first n.")
    def cast(self, first: int | None = strawberry.UNSET) -> list[PersonCastCredit]:
        return [PersonCastCredit.from_tmdb(c) for c in first_items(self._cast, first)]

    @strawberry.field(description="The jobs; `first` keeps the first n.")
    def crew(self, first: int | None = strawberry.UNSET) -> list[PersonCrewCredit]:
        return [PersonCrewCredit.from_tmdb(c) for c in first_items(self._crew, first)]


def person_credits(
    wrapper: tmdb.CombinedCredits | tmdb.PersonMovieCredits | tmdb.PersonTVCredits | None,
) -> PersonCredits:
    if wrapper is None:
        return PersonCredits(_cast=[], _crew=[])
    return PersonCredits(_cast=list(wrapper.cast), _crew=list(wrapper.crew))
