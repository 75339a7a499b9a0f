"""Objects shared by many TMDB resources: genres, images, videos, pages, translations, and the
watch providers of a movie, show or season."""

from __future__ import annotations

from typing import Generic, TypeVar

import msgspec

T = TypeVar("T")


class Genre(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""


class Keyword(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""


class Image(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """A poster, backdrop, logo, profile or still; company and network logos add ``id`` and
    ``file_type``."""

    file_path: str = ""
    aspect_ratio: float | None = None
    height: int | None = None
    width: int | None = None
    iso_639_1: str | None = None
    vote_average: float | None = None
    vote_count: int | None = None
    id: str | None = None
    file_type: str | None = None


class Images(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """The images of any entity; each kind has only the lists that apply to it."""

    id: int | None = None
    backdrops: list[Image] = []
    logos: list[Image] = []
    posters: list[Image] = []
    profiles: list[Image] = []
    stills: list[Image] = []


class Video(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    key: str = ""
    name: str = ""
    site: str = ""
    type: str = ""
    size: int | None = None
    official: bool | None = None
    published_at: str | None = None
    iso_639_1: str | None = None
    iso_3166_1: str | None = None
    id: str | None = None


class Videos(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    results: list[Video] = []


class ProductionCompany(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """A company as movies, shows and company searches list it."""

    id: int
    name: str = ""
    logo_path: str | None = None
    origin_country: str | None = None


class ProductionCountry(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_3166_1: str = ""
    name: str = ""


class SpokenLanguage(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_639_1: str = ""
    name: str = ""
    english_name: str | None = None


class Country(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_3166_1: str = ""
    english_name: str = ""
    native_name: str | None = None


class Language(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_639_1: str = ""
    english_name: str = ""
    name: str | None = None


class Page(msgspec.Struct, Generic[T], frozen=True, gc=False, kw_only=True):
    """One page of a paginated TMDB result (``id`` is the owner's, on an entity's paged part)."""

    page: int = 0
    results: list[T] = []
    total_pages: int = 0
    total_results: int = 0
    id: int | None = None


class DateRange(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    maximum: str = ""
    minimum: str = ""


class AlternativeTitle(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    title: str = ""
    iso_3166_1: str = ""
    type: str | None = None


class AlternativeName(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    name: str = ""
    type: str | None = None


class AlternativeNames(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """A company's or network's other names."""

    id: int | None = None
    results: list[AlternativeName] = []


class TranslationData(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """The translated fields; which of them are present depends on the entity translated
    (movie: title, overview, tagline, homepage, runtime; person: biography, name; ...)."""

    title: str | None = None
    name: str | None = None
    overview: str | None = None
    tagline: str | None = None
    homepage: str | None = None
    runtime: int | None = None
    biography: str | None = None


class Translation(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_3166_1: str = ""
    iso_639_1: str = ""
    name: str = ""
    english_name: str = ""
    data: TranslationData | None = None


class Translations(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    translations: list[Translation] = []


class WatchProvider(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """A streaming, rental or purchase service; the provider lists add its priority per region."""

    provider_id: int
    provider_name: str = ""
    logo_path: str | None = None
    display_priority: int | None = None
    display_priorities: dict[str, int] = {}


class WatchProviderOffers(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """Where a title can be watched in one region, by kind of offer."""

    link: str | None = None
    flatrate: list[WatchProvider] = []
    rent: list[WatchProvider] = []
    buy: list[WatchProvider] = []
    free: list[WatchProvider] = []
    ads: list[WatchProvider] = []


class WatchProviders(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """A title's offers keyed by ISO 3166-1 region."""

    id: int | None = None
    results: dict[str, WatchProviderOffers] = {}


class ErrorResponse(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """The body of a TMDB error: ``status_code``/``status_message``, or a list of ``errors``
    on a 422."""

    status_code: int | None = None
    status_message: str | None = None
    success: bool | None = None
    errors: list[str] = []
