"""People: actors, directors, writers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar

import strawberry

from schema.common import blank_to_none, to_date
from schema.context import Info, resolve
from schema.images import ProfileSize, image_url
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE


@strawberry.type(description="A person: an actor, a director, a writer.")
class Person:
    # The resource table's row a person is loaded by, and each GraphQL field served from one of
    # its parts -> that TMDB part (tests/schema/test_parts.py checks them against the row).
    ROW: ClassVar[Resource[tmdb.Person]] = TABLE["people.details"]
    PARTS: ClassVar[Mapping[str, str]] = {}

    id: int
    name: str
    also_known_as: list[str]
    biography: str | None
    birthday: date | None
    deathday: date | None
    place_of_birth: str | None
    gender: int | None = strawberry.field(
        description="TMDB's code: 0 unset, 1 female, 2 male, 3 non-binary."
    )
    known_for_department: str | None
    imdb_id: str | None
    homepage: str | None
    popularity: float | None
    adult: bool | None
    profile_path: str | None

    @strawberry.field(description="The profile picture's URL at a TMDB size.")
    def profile_url(self, size: ProfileSize = ProfileSize.W185) -> str | None:
        return image_url(self.profile_path, size)

    @classmethod
    def from_tmdb(cls, p: tmdb.Person) -> Person:
        return cls(
            id=p.id,
            name=p.name,
            also_known_as=p.also_known_as,
            biography=blank_to_none(p.biography),
            birthday=to_date(p.birthday),
            deathday=to_date(p.deathday),
            place_of_birth=blank_to_none(p.place_of_birth),
            gender=p.gender,
            known_for_department=blank_to_none(p.known_for_department),
            imdb_id=blank_to_none(p.imdb_id),
            homepage=blank_to_none(p.homepage),
            popularity=p.popularity,
            adult=p.adult,
            profile_path=p.profile_path,
        )


def load_person(info: Info, id: int, language: str | None) -> Person:
    """The person, or an awaitable of it on a cache miss (see ``schema.context.resolve``)."""
    return resolve(info, Person.ROW, (id,), language, Person.PARTS, Person.from_tmdb)
