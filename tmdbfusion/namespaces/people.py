"""``client.people``: a person, each of their parts on its own, and the popular people."""

from collections.abc import Sequence
from typing import Literal

from tmdbfusion import models
from tmdbfusion.operation import Mode, Namespace, get, pages
from tmdbfusion.resource import CHART, ENTITY, UNCACHED

# The parts TMDB appends to a person.
PersonPart = Literal[
    "changes",
    "combined_credits",
    "external_ids",
    "images",
    "movie_credits",
    "tagged_images",
    "translations",
    "tv_credits",
]


class People(Namespace[Mode]):
    namespace = "people"

    @get("/person/{person_id}", ttl=ENTITY)
    def details(
        self, person_id: int, /, *, language: str | None = None, append: Sequence[PersonPart] = ()
    ) -> models.Person:
        """A person; each part in ``append`` comes in the same request, as the field it names."""

    @get("/person/{person_id}/changes", ttl=ENTITY)
    def changes(
        self,
        person_id: int,
        /,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
        page: int | None = None,
    ) -> models.Changes: ...

    @get("/person/{person_id}/combined_credits", ttl=ENTITY)
    def combined_credits(
        self, person_id: int, /, *, language: str | None = None
    ) -> models.CombinedCredits:
        """Every movie and series credit, cast and crew; each says its ``media_type``."""

    @get("/person/{person_id}/external_ids", ttl=ENTITY)
    def external_ids(self, person_id: int, /) -> models.PersonExternalIds: ...

    @get("/person/{person_id}/images", ttl=ENTITY)
    def images(self, person_id: int, /) -> models.Images: ...

    @get("/person/{person_id}/movie_credits", ttl=ENTITY)
    def movie_credits(
        self, person_id: int, /, *, language: str | None = None
    ) -> models.PersonMovieCredits: ...

    @get("/person/{person_id}/tv_credits", ttl=ENTITY)
    def tv_credits(
        self, person_id: int, /, *, language: str | None = None
    ) -> models.PersonTVCredits: ...

    @get("/person/{person_id}/tagged_images", ttl=ENTITY)
    def tagged_images(
        self, person_id: int, /, *, page: int | None = None
    ) -> models.TaggedImagePage: ...

    tagged_images_pages = pages(tagged_images)

    @get("/person/{person_id}/translations", ttl=ENTITY)
    def translations(self, person_id: int, /) -> models.Translations: ...

    @get("/person/latest", ttl=UNCACHED)
    def latest(self) -> models.Person:
        """The person most recently added to TMDB."""

    @get("/person/popular", ttl=CHART)
    def popular(
        self, *, language: str | None = None, page: int | None = None
    ) -> models.PersonPage: ...

    popular_pages = pages(popular)
