"""Aggregate credits (part ``aggregate_credits``): a show's or season's cast and crew over every
episode, each person once with all the roles they played and the jobs they had."""

from __future__ import annotations

from typing import Final

import strawberry

from schema.common import blank_to_none, first_items
from schema.context import Info
from schema.images import ProfileSize, image_url
from schema.person import Person, load_person
from tmdbfusion import models as tmdb


@strawberry.type(description="A character a cast member played, and in how many episodes.")
class AggregateRole:
    credit_id: str
    character: str | None
    episode_count: int | None


@strawberry.type(description="A job a crew member had, and in how many episodes.")
class AggregateJob:
    credit_id: str
    job: str | None
    episode_count: int | None


@strawberry.type(description="A cast member over a whole show or season.")
class AggregateCastCredit:
    id: int
    name: str
    original_name: str | None
    roles: list[AggregateRole]
    total_episode_count: int | None
    order: int | None
    known_for_department: str | None
    gender: int | None = strawberry.field(
        description="TMDB's code: 0 unset, 1 female, 2 male, 3 non-binary."
    )
    adult: bool | None
    popularity: float | None
    profile_path: str | None
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The profile picture's URL at a TMDB size.")
    def profile_url(self, size: ProfileSize = ProfileSize.W185) -> str | None:
        return image_url(self.profile_path, size)

    @strawberry.field(description="The person's details: one request per distinct person.")
    def person(self, info: Info) -> Person | None:
        return load_person(info, self.id, self._language)

    @classmethod
    def from_tmdb(cls, c: tmdb.AggregateCast, language: str | None) -> AggregateCastCredit:
        return cls(
            id=c.id,
            name=c.name,
            original_name=blank_to_none(c.original_name),
            roles=[
                AggregateRole(
                    credit_id=r.credit_id,
                    character=blank_to_none(r.character),
                    episode_count=r.episode_count,
                )
                for r in c.roles
            ],
            total_episode_count=c.total_episode_count,
            order=c.order,
            known_for_department=blank_to_none(c.known_for_department),
            gender=c.gender,
            adult=c.adult,
            popularity=c.popularity,
            profile_path=c.profile_path,
            _language=language,
        )


@strawberry.type(description="A crew member over a whole show or season.")
class AggregateCrewCredit:
    id: int
    name: str
    original_name: str | None
    jobs: list[AggregateJob]
    department: str | None
    total_episode_count: int | None
    known_for_department: str | None
    gender: int | None = strawberry.field(
        description="TMDB's code: 0 unset, 1 female, 2 male, 3 non-binary."
    )
    adult: bool | None
    popularity: float | None
    profile_path: str | None
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The profile picture's URL at a TMDB size.")
    def profile_url(self, size: ProfileSize = ProfileSize.W185) -> str | None:
        return image_url(self.profile_path, size)

    @strawberry.field(description="The person's details: one request per distinct person.")
    def person(self, info: Info) -> Person | None:
        return load_person(info, self.id, self._language)

    @classmethod
    def from_tmdb(cls, c: tmdb.AggregateCrew, language: str | None) -> AggregateCrewCredit:
        return cls(
            id=c.id,
            name=c.name,
            original_name=blank_to_none(c.original_name),
            jobs=[
                AggregateJob(
                    credit_id=j.credit_id, job=blank_to_none(j.job), episode_count=j.episode_count
                )
                for j in c.jobs
            ],
            department=blank_to_none(c.department),
            total_episode_count=c.total_episode_count,
            known_for_department=blank_to_none(c.known_for_department),
            gender=c.gender,
            adult=c.adult,
            popularity=c.popularity,
            profile_path=c.profile_path,
            _language=language,
        )


# What a part TMDB was not asked for reads as: nothing.
EMPTY_AGGREGATE: Final = tmdb.AggregateCredits()


@strawberry.type(description="A show's or season's cast and crew over all its episodes.")
class AggregateCredits:
    _credits: strawberry.Private[tmdb.AggregateCredits]
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The cast in billing order; `first` keeps the top-billed.")
    def cast(self, first: int | None = strawberry.UNSET) -> list[AggregateCastCredit]:
        language = self._language
        return [
            AggregateCastCredit.from_tmdb(c, language)
            for c in first_items(self._credits.cast, first)
        ]

    @strawberry.field(description="The crew as TMDB lists it; `first` keeps the first n.")
    def crew(self, first: int | None = strawberry.UNSET) -> list[AggregateCrewCredit]:
        language = self._language
        return [
            AggregateCrewCredit.from_tmdb(c, language)
            for c in first_items(self._credits.crew, first)
        ]
