"""People: actors, directors, writers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Final

import strawberry

from schema.common import Translation, blank_to_none, to_date, translations
from schema.context import Info, resolve
from schema.externalids import PersonExternalIds, external_ids
from schema.images import EMPTY_IMAGES, PersonImages, ProfileSize, image_url
from schema.personcredits import PersonCredits, person_credits
from schema.summary import kind, summaries
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE

if TYPE_CHECKING:
    from schema.known_for import KnownForUnion

# A union with the types that reach Person through their credits: named lazily.
KnownFor = Annotated["KnownForUnion", strawberry.lazy("schema.known_for")]
_NO_IDS: Final = tmdb.PersonExternalIds()


@strawberry.type(description="A person: an actor, a director, a writer.")
class Person:
    # The resource table's row a person is loaded by, and each GraphQL field served from one of
    # its parts -> that TMDB part (tests/schema/test_parts.py checks them against the row).
    ROW: ClassVar[Resource[tmdb.Person]] = TABLE["people.details"]
    PARTS: ClassVar[Mapping[str, str]] = {
        "images": "images",
        "externalIds": "external_ids",
        "translations": "translations",
        "combinedCredits": "combined_credits",
        "movieCredits": "movie_credits",
        "tvCredits": "tv_credits",
    }

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
    _person: strawberry.Private[tmdb.Person]

    # What TMDB lists a person known for, sent only with a person a list holds (a search, a
    # trending or popular list): set from that summary (schema/summary.py), else None.
    _known_for: strawberry.Private[Sequence[Any] | None] = None
    _language: strawberry.Private[str | None] = None

    @strawberry.field(description="The profile picture's URL at a TMDB size.")
    def profile_url(self, size: ProfileSize = ProfileSize.W185) -> str | None:
        return image_url(self.profile_path, size)

    # The parts: built only when selected (a cast's people are built by the hundred).

    @strawberry.field(description="Part `images`.")
    def images(self) -> PersonImages:
        return PersonImages(_images=self._person.images or EMPTY_IMAGES)

    @strawberry.field(description="Part `external_ids`.")
    def external_ids(self) -> PersonExternalIds:
        return external_ids(PersonExternalIds, self._person.external_ids or _NO_IDS)

    @strawberry.field(description="Part `translations`.")
    def translations(self) -> list[Translation]:
        return translations(self._person.translations)

    @strawberry.field(description="Part `combined_credits`: movie and TV roles and jobs together.")
    def combined_credits(self) -> PersonCredits:
        return person_credits(self._person.combined_credits, self._language)

    @strawberry.field(description="Part `movie_credits`.")
    def movie_credits(self) -> PersonCredits:
        return person_credits(self._person.movie_credits, self._language)

    @strawberry.field(description="Part `tv_credits`.")
    def tv_credits(self) -> PersonCredits:
        return person_credits(self._person.tv_credits, self._language)

    @strawberry.field(
        description="Up to 3 titles TMDB lists the person known for: only with a person a "
        "search, trending or popular list holds; null for one fetched by id."
    )
    def known_for(self, info: Info) -> list[KnownFor | None] | None:
        if self._known_for is None:
            return None
        return summaries(info, self._known_for, self._language)

    @classmethod
    def from_tmdb(cls, p: tmdb.Person, language: str | None = None) -> Person:
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
            _person=p,
            _language=language,
        )


def load_person(info: Info, id: int, language: str | None) -> Person:
    """The person, or an awaitable of it on a cache miss (see ``schema.context.resolve``)."""
    return resolve(
        info, Person.ROW, (id,), language, Person.PARTS, lambda p: Person.from_tmdb(p, language)
    )


def _known_for(person: Person, summary: tmdb.PersonSummary, language: str | None) -> None:
    # A person's details hold no known_for: it comes with the person a list holds.
    person._known_for = summary.known_for
    person._language = language


# A person as a search, a chart or a credit lists them, with what they are known for.
SUMMARY: Final = kind(Person, tmdb.PersonSummary, also=("known_for",), enrich=_known_for)
