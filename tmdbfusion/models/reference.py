"""Reference data: configuration, jobs, timezones, certifications, genres, and the watch
providers with their regions."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.common import Genre, WatchProvider


class ImagesConfiguration(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """Where images live and the sizes TMDB renders for each kind."""

    base_url: str = ""
    secure_base_url: str = ""
    backdrop_sizes: list[str] = []
    logo_sizes: list[str] = []
    poster_sizes: list[str] = []
    profile_sizes: list[str] = []
    still_sizes: list[str] = []


class Configuration(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    images: ImagesConfiguration | None = None
    change_keys: list[str] = []


class Department(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    department: str = ""
    jobs: list[str] = []


class Timezone(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_3166_1: str = ""
    zones: list[str] = []


class Certification(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    certification: str = ""
    meaning: str = ""
    order: int | None = None


class Certifications(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """Each region's certifications, keyed by ISO 3166-1 code."""

    certifications: dict[str, list[Certification]] = {}


class GenreList(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    genres: list[Genre] = []


class WatchProviderList(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    results: list[WatchProvider] = []


class WatchRegion(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_3166_1: str = ""
    english_name: str = ""
    native_name: str | None = None


class WatchRegions(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    results: list[WatchRegion] = []
