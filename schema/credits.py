"""Credits (part ``credits``): who played whom, who did what."""

from __future__ import annotations

import strawberry

from schema.common import blank_to_none
from schema.context import Info
from schema.errors import BadInputError
from schema.images import ProfileSize, image_url
from schema.person import Person, load_person
from tmdbfusion import models as tmdb


def _first(items: list[tmdb.Cast] | list[tmdb.Crew], first: int | None) -> int:
    if first is None or first is strawberry.UNSET:
        return len(items)
    if first < 0:
        raise BadInputError(f"first must be zero or more, got {first}")
    return first


@strawberry.type(description="One role in a cast, in billing order.")
class CastCredit:
    id: int
    name: str
    character: str | None
    order: int | None
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


@strawberry.type(description="One job in a crew.")
class CrewCredit:
    id: int
    name: str
    job: str | None
    department: str | None
    profile_path: str | None
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The profile picture's URL at a TMDB size.")
    def profile_url(self, size: ProfileSize = ProfileSize.W185) -> str | None:
        return image_url(self.profile_path, size)

    @strawberry.field(description="The person's details: one request per distinct person.")
    def person(self, info: Info) -> Person | None:
        return load_person(info, self.id, self._language)


@strawberry.type(description="A movie's or show's cast and crew.")
class Credits:
    _credits: strawberry.Private[tmdb.Credits]
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The cast in billing order; `first` keeps the top-billed.")
    def cast(self, first: int | None = strawberry.UNSET) -> list[CastCredit]:
        items = self._credits.cast
        language = self._language
        return [
            CastCredit(
                id=c.id,
                name=c.name,
                character=blank_to_none(c.character),
                order=c.order,
                profile_path=c.profile_path,
                _language=language,
            )
            for c in items[: _first(items, first)]
        ]

    @strawberry.field(description="The crew as TMDB lists it; `first` keeps the first n.")
    def crew(self, first: int | None = strawberry.UNSET) -> list[CrewCredit]:
        items = self._credits.crew
        language = self._language
        return [
            CrewCredit(
                id=c.id,
                name=c.name,
                job=blank_to_none(c.job),
                department=blank_to_none(c.department),
                profile_path=c.profile_path,
                _language=language,
            )
            for c in items[: _first(items, first)]
        ]
