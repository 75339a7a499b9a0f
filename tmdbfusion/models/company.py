"""Production companies and TV networks."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.common import ProductionCompany


class Company(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""
    description: str | None = None
    headquarters: str | None = None
    homepage: str | None = None
    logo_path: str | None = None
    origin_country: str | None = None
    parent_company: ProductionCompany | None = None


class NetworkSummary(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """A network as a show, season or episode group lists it."""

    id: int
    name: str = ""
    logo_path: str | None = None
    origin_country: str | None = None


class Network(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""
    headquarters: str | None = None
    homepage: str | None = None
    logo_path: str | None = None
    origin_country: str | None = None
