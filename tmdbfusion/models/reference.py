"""Reference data: configuration, countries, languages, jobs, timezones, certifications, genres,
watch providers and their regions."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.common import Genre, WatchProvider


class ImagesConfiguration(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    base_url: str = ""
    secure_base_url: str = ""


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
    certifications: dict[str, list[Certification]] = {}


class GenreList(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    genres: list[Genre] = []


class WatchProviderList(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    results: list[WatchProvider] = []


class WatchRegion(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    iso_3166_1: str = ""


class WatchRegions(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    results: list[WatchRegion] = []
