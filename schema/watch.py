"""Where to watch: a title's offers in a region (part ``watch/providers``), and the services."""

from __future__ import annotations

import strawberry

from schema import inputs
from schema.common import blank_to_none
from schema.errors import BadInputError
from schema.images import LogoSize, image_url
from tmdbfusion import models as tmdb


@strawberry.type(description="A streaming, rental or purchase service.")
class WatchProvider:
    provider_id: int
    provider_name: str
    logo_path: str | None
    display_priority: int | None = strawberry.field(
        description="Its rank in the region's list (lower is shown first)."
    )

    @strawberry.field(description="The service's logo at a TMDB size.")
    def logo_url(self, size: LogoSize = LogoSize.W92) -> str | None:
        return image_url(self.logo_path, size)

    @classmethod
    def from_tmdb(cls, p: tmdb.WatchProvider, region: str | None = None) -> WatchProvider:
        priority = p.display_priorities.get(region) if region else None
        return cls(
            provider_id=p.provider_id,
            provider_name=p.provider_name,
            logo_path=p.logo_path,
            display_priority=p.display_priority if priority is None else priority,
        )


def _providers(items: list[tmdb.WatchProvider]) -> list[WatchProvider]:
    return [WatchProvider.from_tmdb(p) for p in items]


@strawberry.type(description="Where a title can be watched in one region, by kind of offer.")
class WatchOffers:
    region: str = strawberry.field(description="The ISO 3166-1 code of the region.")
    link: str | None = strawberry.field(description="TMDB's page of the offers (JustWatch's).")
    flatrate: list[WatchProvider] = strawberry.field(description="Included in a subscription.")
    rent: list[WatchProvider]
    buy: list[WatchProvider]
    free: list[WatchProvider]
    ads: list[WatchProvider] = strawberry.field(description="Free with advertisements.")


def required_region(value: str) -> str:
    """A ``region`` argument that must be given: an ISO 3166-1 code (`US`)."""
    region = inputs.region(value)
    if region is None:
        raise BadInputError("region must be an ISO 3166-1 code (`US`), got ''")
    return region


def offers(wrapper: tmdb.WatchProviders | None, region: str) -> WatchOffers | None:
    """A title's offers in ``region`` (validated), or None where it has none."""
    found = wrapper.results.get(required_region(region)) if wrapper else None
    if found is None:
        return None
    return WatchOffers(
        region=region,
        link=blank_to_none(found.link),
        flatrate=_providers(found.flatrate),
        rent=_providers(found.rent),
        buy=_providers(found.buy),
        free=_providers(found.free),
        ads=_providers(found.ads),
    )


def in_region(items: list[tmdb.WatchProvider], region: str | None) -> list[WatchProvider]:
    """The services of a provider list; in ``region`` only, with its priority there, if given.

    TMDB filters by ``watch_region`` itself, and gives every service its priority per region: the
    same list filtered here costs one cached request for every region.
    """
    if region is None:
        return _providers(items)
    return [WatchProvider.from_tmdb(p, region) for p in items if region in p.display_priorities]


@strawberry.type(description="A region TMDB has watch providers for.")
class WatchRegion:
    iso_3166_1: str = strawberry.field(name="iso31661")
    english_name: str
    native_name: str | None

    @classmethod
    def from_tmdb(cls, r: tmdb.WatchRegion) -> WatchRegion:
        return cls(
            iso_3166_1=r.iso_3166_1,
            english_name=r.english_name,
            native_name=blank_to_none(r.native_name),
        )
