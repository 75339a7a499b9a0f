"""Credits (part ``credits``): who played whom, who did what, in a movie, show, season or episode.

TV's whole-run cast and crew, with every role and job, are in ``schema/aggregate.py``.
"""

from __future__ import annotations

from typing import Final

import strawberry

from schema.common import blank_to_none, first_items
from schema.context import Info
from schema.images import ProfileSize, image_url
from schema.person import Person, load_person
from tmdbfusion import models as tmdb


@strawberry.type(description="One role in a cast, in billing order; also an episode's guest star.")
class CastCredit:
    id: int
    name: str
    original_name: str | None
    character: str | None
    order: int | None
    credit_id: str | None
    cast_id: int | None = strawberry.field(description="A movie cast entry's own id.")
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
        # The one field below an entity that needs another entity: an awaitable unless cached,
        # so every person of a cast list is asked for in the same tick and fetched at once.
        return load_person(info, self.id, self._language)

    @classmethod
    def from_tmdb(cls, c: tmdb.Cast, language: str | None) -> CastCredit:
        return cls(
            id=c.id,
            name=c.name,
            original_name=blank_to_none(c.original_name),
            character=blank_to_none(c.character),
            order=c.order,
            credit_id=blank_to_none(c.credit_id),
            cast_id=c.cast_id,
            known_for_department=blank_to_none(c.known_for_department),
            gender=c.gender,
            adult=c.adult,
            popularity=c.popularity,
            profile_path=c.profile_path,
            _language=language,
        )


@strawberry.type(description="One job in a crew.")
class CrewCredit:
    id: int
    name: str
    original_name: str | None
    job: str | None
    department: str | None
    credit_id: str | None
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
    def from_tmdb(cls, c: tmdb.Crew, language: str | None) -> CrewCredit:
        return cls(
            id=c.id,
            name=c.name,
            original_name=blank_to_none(c.original_name),
            job=blank_to_none(c.job),
            department=blank_to_none(c.department),
            credit_id=blank_to_none(c.credit_id),
            known_for_department=blank_to_none(c.known_for_department),
            gender=c.gender,
            adult=c.adult,
            popularity=c.popularity,
            profile_path=c.profile_path,
            _language=language,
        )


def cast_credits(items: list[tmdb.Cast], language: str | None) -> list[CastCredit]:
    return [CastCredit.from_tmdb(c, language) for c in items]


def crew_credits(items: list[tmdb.Crew], language: str | None) -> list[CrewCredit]:
    return [CrewCredit.from_tmdb(c, language) for c in items]


# What a part TMDB was not asked for reads as: nothing.
EMPTY_CREDITS: Final = tmdb.Credits()


@strawberry.type(description="A movie's, show's or season's cast and crew.")
class Credits:
    _credits: strawberry.Private[tmdb.Credits]
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The cast in billing order; `first` keeps the top-billed.")
    def cast(self, first: int | None = strawberry.UNSET) -> list[CastCredit]:
        return cast_credits(first_items(self._credits.cast, first), self._language)

    @strawberry.field(description="The crew as TMDB lists it; `first` keeps the first n.")
    def crew(self, first: int | None = strawberry.UNSET) -> list[CrewCredit]:
        return crew_credits(first_items(self._credits.crew, first), self._language)


@strawberry.type(description="An episode's regular cast, crew and guest stars.")
class EpisodeCredits:
    _credits: strawberry.Private[tmdb.EpisodeCredits]
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The regular cast in billing order; `first` keeps the first n.")
    def cast(self, first: int | None = strawberry.UNSET) -> list[CastCredit]:
        return cast_credits(first_items(self._credits.cast, first), self._language)

    @strawberry.field(description="The crew as TMDB lists it; `first` keeps the first n.")
    def crew(self, first: int | None = strawberry.UNSET) -> list[CrewCredit]:
        return crew_credits(first_items(self._credits.crew, first), self._language)

    @strawberry.field(description="The episode's guest stars; `first` keeps the first n.")
    def guest_stars(self, first: int | None = strawberry.UNSET) -> list[CastCredit]:
        return cast_credits(first_items(self._credits.guest_stars, first), self._language)
