"""People: actors, directors, writers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import strawberry

from schema.common import blank_to_none, to_date
from schema.context import Info, resolve
from schema.images import ProfileSize, image_url
from schema.summary import summaries
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE

if TYPE_CHECKING:
    from schema.known_for import KnownForUnion

# A union with the types that reach Person through their credits: named lazily.
KnownFor = Annotated["KnownForUnion", strawberry.lazy("schema.known_for")]


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

    # What TMDB lists a person known for, sent only with a person a list holds (a search, a
    # trending or popular list): set from that summary (schema/summary.py), else None.
    _known_for: strawberry.Private[Sequence[Any] | None] = None
    _language: strawberry.Private[str | None] = None

    @strawberry.field(description="The profile picture's URL at a TMDB size.")
    def profile_url(self, size: ProfileSize = ProfileSize.W185) -> str | None:
        return image_url(self.profile_path, size)

    @strawberry.field(
        description="Up to 3 titles TMDB lists the person known for: only with a person a "
        "search, trending or popular list holds; null for one fetched by id."
    )
    def known_for(self, info: Info) -> list[KnownFor | None] | None:
        if self._known_for is None:
            return None
        return summaries(info, self._known_for, self._language)

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
