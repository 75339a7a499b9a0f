"""Age ratings: a movie's release dates with their certification per country (part
``release_dates``), a show's content ratings (part ``content_ratings``), and TMDB's lists of the
certifications each country uses (``certifications(kind:)``)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.common import blank_to_none, to_datetime
from tmdbfusion import models as tmdb


@strawberry.type(description="One release of a movie in a country.")
class ReleaseDate:
    certification: str | None
    descriptors: list[str]
    iso_639_1: str | None = strawberry.field(name="iso6391")
    note: str | None
    release_date: datetime | None
    type: int | None = strawberry.field(
        description="TMDB's code: 1 premiere, 2 limited theatrical, 3 theatrical, 4 digital, "
        "5 physical, 6 TV."
    )


@strawberry.type(description="A movie's releases in one country.")
class CountryReleaseDates:
    iso_3166_1: str = strawberry.field(name="iso31661")
    release_dates: list[ReleaseDate]


def release_dates(wrapper: tmdb.ReleaseDates | None) -> list[CountryReleaseDates]:
    if wrapper is None:
        return []
    return [
        CountryReleaseDates(
            iso_3166_1=country.iso_3166_1,
            release_dates=[
                ReleaseDate(
                    certification=blank_to_none(r.certification),
                    descriptors=r.descriptors,
                    iso_639_1=blank_to_none(r.iso_639_1),
                    note=blank_to_none(r.note),
                    release_date=to_datetime(r.release_date),
                    type=r.type,
                )
                for r in country.release_dates
            ],
        )
        for country in wrapper.results
    ]


@strawberry.type(description="A show's age rating in one country.")
class ContentRating:
    iso_3166_1: str = strawberry.field(name="iso31661")
    rating: str | None
    descriptors: list[str]


def content_ratings(wrapper: tmdb.ContentRatings | None) -> list[ContentRating]:
    if wrapper is None:
        return []
    return [
        ContentRating(
            iso_3166_1=r.iso_3166_1, rating=blank_to_none(r.rating), descriptors=r.descriptors
        )
        for r in wrapper.results
    ]


@strawberry.type(description="A certification a country's board gives, and what it means.")
class Certification:
    certification: str
    meaning: str | None
    order: int | None


@strawberry.type(description="The certifications one country uses, in their order.")
class CountryCertifications:
    iso_3166_1: str = strawberry.field(name="iso31661")
    certifications: list[Certification]


def certifications(lists: tmdb.Certifications) -> list[CountryCertifications]:
    """Each country's certifications, in TMDB's order (it keys them by country in an object)."""
    return [
        CountryCertifications(
            iso_3166_1=country,
            certifications=[
                Certification(
                    certification=c.certification, meaning=blank_to_none(c.meaning), order=c.order
                )
                for c in items
            ],
        )
        for country, items in lists.certifications.items()
    ]
