"""Production companies and TV networks.

A movie or show embeds each company and network as a summary (id, name, logo, country); the
details (headquarters, homepage, a company's description and parent) cost one request per
distinct company or network, and only when selected (``schema/embedded.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Final

import strawberry

from schema.common import blank_to_none
from schema.context import Info, resolve
from schema.embedded import summaries_or_entities, summary_or_entity
from schema.images import LogoSize, image_url
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE

# The fields a company's or network's summary serves: selecting any other loads its details.
SUMMARY_FIELDS: Final = frozenset(
    {"__typename", "id", "name", "logoPath", "logoUrl", "originCountry"}
)


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

    @classmethod
    def from_summary(cls, c: tmdb.ProductionCompany) -> Company:
        return cls(
            id=c.id,
            name=c.name,
            description=None,
            headquarters=None,
            homepage=None,
            logo_path=c.logo_path,
            origin_country=blank_to_none(c.origin_country),
            _parent=None,
        )


def load_company(info: Info, id: int) -> Company:
    """The company, or an awaitable of it on a cache miss (see ``schema.context.resolve``)."""
    return resolve(info, Company.ROW, (id,), None, Company.PARTS, Company.from_tmdb)


def company(info: Info, summary: tmdb.ProductionCompany) -> Company:
    """A company a movie or show embeds: from its summary, or loaded if the selection needs."""
    return summary_or_entity(
        info,
        SUMMARY_FIELDS,
        lambda: Company.from_summary(summary),
        lambda: load_company(info, summary.id),
    )


def companies(info: Info, summaries: list[tmdb.ProductionCompany]) -> list[Company | None]:
    return summaries_or_entities(
        info,
        SUMMARY_FIELDS,
        summaries,
        Company.from_summary,
        Company.ROW,
        lambda c: (c.id,),
        None,
        Company.PARTS,
        lambda _, c: Company.from_tmdb(c),
    )


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

    @classmethod
    def from_summary(cls, n: tmdb.NetworkSummary) -> Network:
        return cls(
            id=n.id,
            name=n.name,
            headquarters=None,
            homepage=None,
            logo_path=n.logo_path,
            origin_country=blank_to_none(n.origin_country),
        )


def load_network(info: Info, id: int) -> Network:
    """The network, or an awaitable of it on a cache miss (see ``schema.context.resolve``)."""
    return resolve(info, Network.ROW, (id,), None, Network.PARTS, Network.from_tmdb)


def network(info: Info, summary: tmdb.NetworkSummary) -> Network:
    """A network a show, season or episode group embeds."""
    return summary_or_entity(
        info,
        SUMMARY_FIELDS,
        lambda: Network.from_summary(summary),
        lambda: load_network(info, summary.id),
    )


def networks(info: Info, summaries: list[tmdb.NetworkSummary]) -> list[Network | None]:
    return summaries_or_entities(
        info,
        SUMMARY_FIELDS,
        summaries,
        Network.from_summary,
        Network.ROW,
        lambda n: (n.id,),
        None,
        Network.PARTS,
        lambda _, n: Network.from_tmdb(n),
    )
