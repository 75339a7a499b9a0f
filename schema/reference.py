"""Reference data: genres, certifications, TMDB's configuration lists, the watch providers and
their regions, a keyword, and one credit by its id.

Each list is one request to its own row, cached for the row's lifetime (hours: they change
rarely), and each root field here loads it by ``schema.context.resolve`` like any entity.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Final

import strawberry

from schema import episode, inputs
from schema.common import Genre, blank_to_none, genres
from schema.context import Info, resolve
from schema.episode import Episode, episodes
from schema.ratings import CountryCertifications, certifications
from schema.season import Season, seasons
from schema.summary import summaries
from schema.watch import WatchProvider, WatchRegion, in_region
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE

if TYPE_CHECKING:
    from schema.movie import Movie
    from schema.person import Person
    from schema.tv import TVShow

LazyMovie = Annotated["Movie", strawberry.lazy("schema.movie")]
LazyPerson = Annotated["Person", strawberry.lazy("schema.person")]
LazyTVShow = Annotated["TVShow", strawberry.lazy("schema.tv")]

_NO_PARTS: Final[Mapping[str, str]] = {}


@strawberry.enum(description="Whether a list is TMDB's movie one or its TV one.")
class MediaKind(Enum):
    MOVIE = "movie"
    TV = "tv"


def row(family: str, kind: MediaKind) -> Resource[Any]:
    """The row of a family with a movie and a TV list: ``genres.movie_list``, ..."""
    return TABLE[f"{family}.{kind.value}_list"]


def load_genres(info: Info, kind: MediaKind, language: str | None) -> list[Genre]:
    return resolve(info, row("genres", kind), (), language, _NO_PARTS, lambda g: genres(g.genres))


def load_certifications(info: Info, kind: MediaKind) -> list[CountryCertifications]:
    return resolve(info, row("certifications", kind), (), None, _NO_PARTS, certifications)


def load_watch_providers(
    info: Info, kind: MediaKind, region: str | None, language: str | None
) -> list[WatchProvider]:
    """TMDB's services for movies or shows; in ``region`` only, if given (filtered here from
    the one list TMDB sends for every region)."""
    return resolve(
        info,
        row("watch_providers", kind),
        (),
        language,
        _NO_PARTS,
        lambda found: in_region(found.results, region),
    )


def load_watch_regions(info: Info, language: str | None) -> list[WatchRegion]:
    return resolve(
        info,
        TABLE["watch_providers.available_regions"],
        (),
        language,
        _NO_PARTS,
        lambda found: [WatchRegion.from_tmdb(r) for r in found.results],
    )


@strawberry.type(description="A country, by its ISO 3166-1 code.")
class Country:
    iso_3166_1: str = strawberry.field(name="iso31661")
    english_name: str
    native_name: str | None


@strawberry.type(description="A language, by its ISO 639-1 code.")
class Language:
    iso_639_1: str = strawberry.field(name="iso6391")
    english_name: str
    name: str | None = strawberry.field(description="Its own name for itself.")


@strawberry.type(description="A department and the jobs TMDB files crew under in it.")
class Department:
    department: str
    jobs: list[str]


@strawberry.type(description="The time zones of a country.")
class Timezone:
    iso_3166_1: str = strawberry.field(name="iso31661")
    zones: list[str]


@strawberry.type(description="Where TMDB's images live and the sizes it renders.")
class ImagesConfiguration:
    base_url: str
    secure_base_url: str
    backdrop_sizes: list[str]
    logo_sizes: list[str]
    poster_sizes: list[str]
    profile_sizes: list[str]
    still_sizes: list[str]


@strawberry.type(description="TMDB's configuration lists: each field is one cached request.")
class Configuration:
    @strawberry.field(description="Every country TMDB knows.")
    def countries(self, info: Info, language: str | None = strawberry.UNSET) -> list[Country]:
        def build(items: list[tmdb.Country]) -> list[Country]:
            return [
                Country(
                    iso_3166_1=c.iso_3166_1,
                    english_name=c.english_name,
                    native_name=blank_to_none(c.native_name),
                )
                for c in items
            ]

        found = TABLE["configuration.countries"]
        return resolve(info, found, (), inputs.language(language), _NO_PARTS, build)

    @strawberry.field(description="Every language TMDB knows.")
    def languages(self, info: Info) -> list[Language]:
        def build(items: list[tmdb.Language]) -> list[Language]:
            return [
                Language(
                    iso_639_1=x.iso_639_1,
                    english_name=x.english_name,
                    name=blank_to_none(x.name),
                )
                for x in items
            ]

        return resolve(info, TABLE["configuration.languages"], (), None, _NO_PARTS, build)

    @strawberry.field(description="The departments and jobs of crew credits.")
    def jobs(self, info: Info) -> list[Department]:
        def build(items: list[tmdb.Department]) -> list[Department]:
            return [Department(department=d.department, jobs=d.jobs) for d in items]

        return resolve(info, TABLE["configuration.jobs"], (), None, _NO_PARTS, build)

    @strawberry.field(description="Each country's time zones.")
    def timezones(self, info: Info) -> list[Timezone]:
        def build(items: list[tmdb.Timezone]) -> list[Timezone]:
            return [Timezone(iso_3166_1=t.iso_3166_1, zones=t.zones) for t in items]

        return resolve(info, TABLE["configuration.timezones"], (), None, _NO_PARTS, build)

    @strawberry.field(description="The languages TMDB translates into fully (`en-US`, ...).")
    def primary_translations(self, info: Info) -> list[str]:
        found = TABLE["configuration.primary_translations"]
        return resolve(info, found, (), None, _NO_PARTS, list)

    @strawberry.field(description="Where images live and the sizes of each kind.")
    def images(self, info: Info) -> ImagesConfiguration | None:
        def build(c: tmdb.Configuration) -> ImagesConfiguration | None:
            i = c.images
            if i is None:
                return None
            return ImagesConfiguration(
                base_url=i.base_url,
                secure_base_url=i.secure_base_url,
                backdrop_sizes=i.backdrop_sizes,
                logo_sizes=i.logo_sizes,
                poster_sizes=i.poster_sizes,
                profile_sizes=i.profile_sizes,
                still_sizes=i.still_sizes,
            )

        return resolve(info, TABLE["configuration.details"], (), None, _NO_PARTS, build)

    @strawberry.field(description="The keys TMDB's change lists report.")
    def change_keys(self, info: Info) -> list[str]:
        found = TABLE["configuration.details"]
        return resolve(info, found, (), None, _NO_PARTS, lambda c: c.change_keys)


def _one(info: Info, summary: Any, language: str | None) -> Any:
    """The entity of a summary the credit holds, by the summary rule (schema/summary.py)."""
    [built] = summaries(info, [summary], language)
    return built


@strawberry.type(description="One credit: a person's role or job in a movie or show.")
class Credit:
    ROW: ClassVar[Resource[tmdb.Credit]] = TABLE["credits.details"]
    PARTS: ClassVar[Mapping[str, str]] = {}

    id: str
    credit_type: str | None = strawberry.field(description="`cast` or `crew`.")
    department: str | None
    job: str | None
    media_type: str | None = strawberry.field(description="`movie` or `tv`.")
    character: str | None
    _media: strawberry.Private[tmdb.CreditMovie | tmdb.CreditTV | None]
    _person: strawberry.Private[tmdb.PersonSummary | None]
    _language: strawberry.Private[str | None]

    @strawberry.field(description="For a TV credit: the episodes it covers.")
    def episodes(self, info: Info) -> list[Episode | None]:
        media, language = self._media, self._language
        if not isinstance(media, tmdb.CreditTV):
            return []
        return episodes(info, episode.SUMMARY, media.episodes, language, media.id)

    @strawberry.field(description="For a TV credit: the seasons it covers.")
    def seasons(self, info: Info) -> list[Season | None]:
        media, language = self._media, self._language
        if not isinstance(media, tmdb.CreditTV):
            return []
        return seasons(info, media.seasons, language, media.id)

    @strawberry.field(description="The person credited; their details cost one request.")
    def person(self, info: Info) -> LazyPerson | None:
        if self._person is None:
            return None
        person: LazyPerson = _one(info, self._person, self._language)
        return person

    @strawberry.field(description="The movie, for a movie credit; its details cost one request.")
    def movie(self, info: Info) -> LazyMovie | None:
        if not isinstance(self._media, tmdb.CreditMovie):
            return None
        movie: LazyMovie = _one(info, self._media, self._language)
        return movie

    @strawberry.field(description="The show, for a TV credit; its details cost one request.")
    def tv(self, info: Info) -> LazyTVShow | None:
        if not isinstance(self._media, tmdb.CreditTV):
            return None
        show: LazyTVShow = _one(info, self._media, self._language)
        return show

    @classmethod
    def from_tmdb(cls, c: tmdb.Credit, language: str | None) -> Credit:
        return cls(
            id=c.id,
            credit_type=blank_to_none(c.credit_type),
            department=blank_to_none(c.department),
            job=blank_to_none(c.job),
            media_type=blank_to_none(c.media_type),
            character=blank_to_none(c.media.character) if c.media else None,
            _media=c.media,
            _person=c.person,
            _language=language,
        )


def load_credit(info: Info, id: str, language: str | None) -> Credit:
    return resolve(
        info, Credit.ROW, (id,), language, _NO_PARTS, lambda c: Credit.from_tmdb(c, language)
    )
