"""Objects shared by many TMDB resources: genres, images, videos, pages, translations."""

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
    aspect_ratio: float | None = None
    file_path: str = ""


class Images(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None


class Video(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    key: str = ""


class Videos(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    results: list[Video] = []


class ProductionCompany(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""


class ProductionCountry(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_3166_1: str = ""
    name: str = ""


class SpokenLanguage(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_639_1: str = ""


class Country(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_3166_1: str = ""


class Language(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_639_1: str = ""


class Page(msgspec.Struct, Generic[T], frozen=True, gc=False, kw_only=True):
    """One page of a paginated TMDB result."""

    page: int = 0
    results: list[T] = []
    total_pages: int = 0
    total_results: int = 0


class DateRange(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    maximum: str = ""
    minimum: str = ""


class AlternativeTitle(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    title: str = ""


class AlternativeName(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    name: str = ""


class AlternativeNames(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    results: list[AlternativeName] = []


class TranslationData(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    name: str | None = None


class Translation(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_3166_1: str = ""
    iso_639_1: str = ""
    data: TranslationData | None = None


class Translations(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    translations: list[Translation] = []


class WatchProvider(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    provider_id: int
    provider_name: str = ""


class WatchProviderOffers(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    link: str = ""


class WatchProviders(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    results: dict[str, WatchProviderOffers] = {}
