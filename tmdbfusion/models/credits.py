"""Cast and crew: an entity's credits, TV's aggregate credits, a person's credits, one credit."""

from __future__ import annotations

import msgspec


class Cast(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""
    character: str | None = None


class Crew(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""
    job: str | None = None


class Credits(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    cast: list[Cast] = []
    crew: list[Crew] = []


class EpisodeCredits(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    cast: list[Cast] = []
    crew: list[Crew] = []
    guest_stars: list[Cast] = []


class AggregateRole(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    credit_id: str = ""


class AggregateJob(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    credit_id: str = ""


class AggregateCast(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    roles: list[AggregateRole] = []


class AggregateCrew(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    jobs: list[AggregateJob] = []


class AggregateCredits(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    cast: list[AggregateCast] = []
    crew: list[AggregateCrew] = []


class PersonMovieCast(
    msgspec.Struct, frozen=True, gc=False, kw_only=True, tag_field="media_type", tag="movie"
):
    id: int
    title: str = ""


class PersonMovieCrew(
    msgspec.Struct, frozen=True, gc=False, kw_only=True, tag_field="media_type", tag="movie"
):
    id: int
    title: str = ""


class PersonTVCast(
    msgspec.Struct, frozen=True, gc=False, kw_only=True, tag_field="media_type", tag="tv"
):
    id: int
    name: str = ""


class PersonTVCrew(
    msgspec.Struct, frozen=True, gc=False, kw_only=True, tag_field="media_type", tag="tv"
):
    id: int
    name: str = ""


class PersonMovieCredits(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    cast: list[PersonMovieCast] = []
    crew: list[PersonMovieCrew] = []


class PersonTVCredits(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    cast: list[PersonTVCast] = []
    crew: list[PersonTVCrew] = []


class CombinedCredits(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    cast: list[PersonMovieCast | PersonTVCast] = []
    crew: list[PersonMovieCrew | PersonTVCrew] = []


class CreditMedia(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    title: str | None = None
    name: str | None = None


class CreditPerson(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""


class Credit(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: str
    credit_type: str = ""
    media_type: str = ""
    media: CreditMedia | None = None
    person: CreditPerson | None = None
