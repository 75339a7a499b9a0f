"""People: actors, directors, writers."""

from __future__ import annotations

from datetime import date

import strawberry

from gateway.tmdb import models as tmdb
from schema.common import blank_to_none, to_date
from schema.context import Info, resolve
from schema.images import ProfileSize, image_url

# GraphQL field -> TMDB part appended to GET /person/{id}.
PERSON_PARTS: dict[str, str] = {}


@strawberry.type(description="A person: an actor, a director, a writer.")
class Person:
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
    return resolve(info, tmdb.Person, "person", id, language, PERSON_PARTS, Person.from_tmdb)
