"""Production companies and TV networks.

A movie or show embeds each company and network as a summary (id, name, logo, country); the
details (headquarters, homepage, a company's description and parent) cost one request per
distinct company or network, and only when selected (the summary rule, ``schema/summary.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Final

import strawberry

from schema.common import blank_to_none
from schema.context import Info, resolve
from schema.images import LogoSize, image_url
from schema.summary import kind, summaries
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE


@strawberry.type(description="A production company.")
class Company:
    ROW: ClassVar[Resource[tmdb.Company]] = TABLE["companies.details"]
    PARTS: ClassVar[Mapping[str, str]] = {}

    id: int
    name: str
    description: str | None
    headquarters: str | None
    homepage: str | None
    logo_path: str | None
    origin_country: str | None
    _parent: strawberry.Private[tmdb.ProductionCompany | None]

    @strawberry.field(description="The company's logo at a TMDB size.")
    def logo_url(self, size: LogoSize = LogoSize.W185) -> str | None:
        return image_url(self.logo_path, size)

    @strawberry.field(description="The company that owns it, if any.")
    def parent_company(self, info: Info) -> Company | None:
        return None if self._parent is None else company(info, self._parent)

    @classmethod
    def from_tmdb(cls, c: tmdb.Company, language: str | None = None) -> Company:
        return cls(
            id=c.id,
            name=c.name,
            description=blank_to_none(c.description),
            headquarters=blank_to_none(c.headquarters),
            homepage=blank_to_none(c.homepage),
            logo_path=c.logo_path,
            origin_country=blank_to_none(c.origin_country),
            _parent=c.parent_company,
        )


def load_company(info: Info, id: int) -> Company:
    """The company, or an awaitable of it on a cache miss (see ``schema.context.resolve``)."""
    return resolve(info, Company.ROW, (id,), None, Company.PARTS, Company.from_tmdb)


def company(info: Info, summary: tmdb.ProductionCompany) -> Company:
    """A company a movie, show or company embeds: from its summary, or loaded if the selection
    needs more."""
    found: Company = summaries(info, [summary], None)[0]
    return found


def companies(info: Info, items: list[tmdb.ProductionCompany]) -> list[Company | None]:
    found: list[Any] = summaries(info, items, None)
    return found


@strawberry.type(description="A TV network or streaming service that airs shows.")
class Network:
    ROW: ClassVar[Resource[tmdb.Network]] = TABLE["networks.details"]
    PARTS: ClassVar[Mapping[str, str]] = {}

    id: int
    name: str
    headquarters: str | None
    homepage: str | None
    logo_path: str | None
    origin_country: str | None

    @strawberry.field(description="The network's logo at a TMDB size.")
    def logo_url(self, size: LogoSize = LogoSize.W185) -> str | None:
        return image_url(self.logo_path, size)

    @classmethod
    def from_tmdb(cls, n: tmdb.Network, language: str | None = None) -> Network:
        return cls(
            id=n.id,
            name=n.name,
            headquarters=blank_to_none(n.headquarters),
            homepage=blank_to_none(n.homepage),
            logo_path=n.logo_path,
            origin_country=blank_to_none(n.origin_country),
        )


def load_network(info: Info, id: int) -> Network:
    """The network, or an awaitable of it on a cache miss (see ``schema.context.resolve``)."""
    return resolve(info, Network.ROW, (id,), None, Network.PARTS, Network.from_tmdb)


def network(info: Info, summary: tmdb.NetworkSummary) -> Network:
    """A network a show, season or episode group embeds."""
    found: Network = summaries(info, [summary], None)[0]
    return found


def networks(info: Info, items: list[tmdb.NetworkSummary]) -> list[Network | None]:
    found: list[Any] = summaries(info, items, None)
    return found


# A company or network as a movie, show or search lists it (id, name, logo, country).
SUMMARY: Final = kind(Company, tmdb.ProductionCompany)
NETWORK_SUMMARY: Final = kind(Network, tmdb.NetworkSummary)
