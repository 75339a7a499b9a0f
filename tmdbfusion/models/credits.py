"""Cast and crew: of a movie, show, season or episode, TV's aggregate credits, and a person's
credits (movie, TV and combined)."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.search import MovieSummary, TVSeriesSummary


class Cast(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """A cast member (movies add ``cast_id``); also an episode's guest star."""

    id: int
    name: str = ""
    original_name: str | None = None
    character: str | None = None
    order: int | None = None
    credit_id: str | None = None
    cast_id: int | None = None
    known_for_department: str | None = None
    gender: int | None = None
    adult: bool | None = None
    popularity: float | None = None
    profile_path: str | None = None


class Crew(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""
    original_name: str | None = None
    job: str | None = None
    department: str | None = None
    credit_id: str | None = None
    known_for_department: str | None = None
    gender: int | None = None
    adult: bool | None = None
    popularity: float | None = None
    profile_path: str | None = None


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
    character: str | None = None
    episode_count: int | None = None


class AggregateJob(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    credit_id: str = ""
    job: str | None = None
    episode_count: int | None = None


class AggregateCast(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """A cast member over a whole series or season, with every role they played."""

    id: int
    name: str = ""
    original_name: str | None = None
    roles: list[AggregateRole] = []
    total_episode_count: int | None = None
    order: int | None = None
    known_for_department: str | None = None
    gender: int | None = None
    adult: bool | None = None
    popularity: float | None = None
    profile_path: str | None = None


class AggregateCrew(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""
    original_name: str | None = None
    jobs: list[AggregateJob] = []
    department: str | None = None
    total_episode_count: int | None = None
    known_for_department: str | None = None
    gender: int | None = None
    adult: bool | None = None
    popularity: float | None = None
    profile_path: str | None = None


class AggregateCredits(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    cast: list[AggregateCast] = []
    crew: list[AggregateCrew] = []


class PersonMovieCast(MovieSummary, frozen=True, gc=False, kw_only=True):
    """A movie a person played in: the movie's summary and the role."""

    character: str | None = None
    credit_id: str | None = None
    order: int | None = None


class PersonMovieCrew(MovieSummary, frozen=True, gc=False, kw_only=True):
    credit_id: str | None = None
    department: str | None = None
    job: str | None = None


class PersonTVCast(TVSeriesSummary, frozen=True, gc=False, kw_only=True):
    character: str | None = None
    credit_id: str | None = None
    episode_count: int | None = None


class PersonTVCrew(TVSeriesSummary, frozen=True, gc=False, kw_only=True):
    credit_id: str | None = None
    department: str | None = None
    job: str | None = None
    episode_count: int | None = None


class PersonMovieCredits(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    cast: list[PersonMovieCast] = []
    crew: list[PersonMovieCrew] = []


class PersonTVCredits(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    cast: list[PersonTVCast] = []
    crew: list[PersonTVCrew] = []


class CombinedCredits(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """A person's movie and TV credits in one list each, told apart by ``media_type``."""

    id: int | None = None
    cast: list[PersonMovieCast | PersonTVCast] = []
    crew: list[PersonMovieCrew | PersonTVCrew] = []
