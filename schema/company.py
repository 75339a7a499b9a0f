"""Production companies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import strawberry

from schema.common import blank_to_none
from schema.images import LogoSize, image_url
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE


@strawberry.type(description="A production company (`Lucasfilm Ltd.`).")
class Company:
    # The row a company is loaded by; TMDB appends no parts to it.
    ROW: ClassVar[Resource[tmdb.Company]] = TABLE["companies.details"]
    PARTS: ClassVar[Mapping[str, str]] = {}

    id: int
    name: str
    logo_path: str | None
    origin_country: str | None = strawberry.field(description="ISO 3166-1 code (`US`).")
    description: str | None
    headquarters: str | None
    homepage: str | None

    @strawberry.field(description="The logo's URL at a TMDB size.")
    def logo_url(self, size: LogoSize = LogoSize.W185) -> str | None:
        return image_url(self.logo_path, size)

    @classmethod
    def from_tmdb(cls, c: tmdb.Company, language: str | None = None) -> Company:
        return cls(
            id=c.id,
            name=c.name,
            logo_path=c.logo_path,
            origin_country=blank_to_none(c.origin_country),
            description=blank_to_none(c.description),
            headquarters=blank_to_none(c.headquarters),
            homepage=blank_to_none(c.homepage),
        )
