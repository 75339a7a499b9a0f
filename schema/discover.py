"""Typed filters for ``discoverMovies`` and ``discoverTv``, and their TMDB query parameters.

Each filter maps onto the parameters of TMDB's ``/discover/movie`` or ``/discover/tv``, by the
resource table's keywords (``vote_average_gte`` is sent as ``vote_average.gte``). Ranges are
inclusive at both ends, as TMDB's ``.gte``/``.lte``. A list of ids matches ``ALL`` of them
(TMDB's comma) or ``ANY`` (its pipe). Every string bound for TMDB is checked first.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any, Final, TypeVar

import strawberry

from schema import inputs
from schema.errors import BadInputError

T = TypeVar("T")
# The most ids one filter takes: more would only make a URL TMDB refuses.
MAX_IDS: Final = 100


@strawberry.enum(description="How a list of ids matches.")
class Match(Enum):
    ALL = ","
    ANY = "|"


@strawberry.input(description="Ids to match: all of them (the default) or any.")
class IdFilter:
    ids: list[int]
    match: Match = Match.ALL


@strawberry.input(description="An inclusive range of dates; either end may be left open.")
class DateRange:
    min: date | None = strawberry.UNSET
    max: date | None = strawberry.UNSET


@strawberry.input(description="An inclusive range of numbers; either end may be left open.")
class FloatRange:
    min: float | None = strawberry.UNSET
    max: float | None = strawberry.UNSET


@strawberry.input(description="An inclusive range of integers; either end may be left open.")
class IntRange:
    min: int | None = strawberry.UNSET
    max: int | None = strawberry.UNSET


@strawberry.enum(description="How a watch provider offers a title.")
class MonetizationType(Enum):
    FLATRATE = "flatrate"
    FREE = "free"
    ADS = "ads"
    RENT = "rent"
    BUY = "buy"


@strawberry.input(description="Where a title can be watched, in one region.")
class WatchProviderFilter:
    region: str = strawberry.field(description="ISO 3166-1 code (`US`): TMDB needs one.")
    providers: IdFilter | None = strawberry.UNSET
    without_providers: list[int] | None = strawberry.UNSET
    monetization_types: list[MonetizationType] | None = strawberry.field(
        default=strawberry.UNSET, description="Any of these."
    )


# TMDB's own sort values (tests/schema/test_discover.py keeps them equal to the table's).
@strawberry.enum(description="The orders TMDB sorts discovered movies in.")
class MovieSort(Enum):
    POPULARITY_DESC = "popularity.desc"
    POPULARITY_ASC = "popularity.asc"
    PRIMARY_RELEASE_DATE_DESC = "primary_release_date.desc"
    PRIMARY_RELEASE_DATE_ASC = "primary_release_date.asc"
    REVENUE_DESC = "revenue.desc"
    REVENUE_ASC = "revenue.asc"
    TITLE_ASC = "title.asc"
    TITLE_DESC = "title.desc"
    ORIGINAL_TITLE_ASC = "original_title.asc"
    ORIGINAL_TITLE_DESC = "original_title.desc"
    VOTE_AVERAGE_DESC = "vote_average.desc"
    VOTE_AVERAGE_ASC = "vote_average.asc"
    VOTE_COUNT_DESC = "vote_count.desc"
    VOTE_COUNT_ASC = "vote_count.asc"


@strawberry.enum(description="The orders TMDB sorts discovered shows in.")
class TVSort(Enum):
    POPULARITY_DESC = "popularity.desc"
    POPULARITY_ASC = "popularity.asc"
    FIRST_AIR_DATE_DESC = "first_air_date.desc"
    FIRST_AIR_DATE_ASC = "first_air_date.asc"
    NAME_ASC = "name.asc"
    NAME_DESC = "name.desc"
    ORIGINAL_NAME_ASC = "original_name.asc"
    ORIGINAL_NAME_DESC = "original_name.desc"
    VOTE_AVERAGE_DESC = "vote_average.desc"
    VOTE_AVERAGE_ASC = "vote_average.asc"
    VOTE_COUNT_DESC = "vote_count.desc"
    VOTE_COUNT_ASC = "vote_count.asc"


@strawberry.input(description="What discovered movies must match; every filter given holds.")
class MovieFilter:
    genres: IdFilter | None = strawberry.UNSET
    without_genres: list[int] | None = strawberry.UNSET
    keywords: IdFilter | None = strawberry.UNSET
    without_keywords: list[int] | None = strawberry.UNSET
    companies: IdFilter | None = strawberry.UNSET
    without_companies: list[int] | None = strawberry.UNSET
    cast: IdFilter | None = strawberry.UNSET
    crew: IdFilter | None = strawberry.UNSET
    people: IdFilter | None = strawberry.field(
        default=strawberry.UNSET, description="In the cast or the crew."
    )
    year: int | None = strawberry.UNSET
    primary_release_year: int | None = strawberry.UNSET
    release_date: DateRange | None = strawberry.UNSET
    primary_release_date: DateRange | None = strawberry.UNSET
    vote_average: FloatRange | None = strawberry.UNSET
    vote_count: IntRange | None = strawberry.UNSET
    runtime: IntRange | None = strawberry.field(default=strawberry.UNSET, description="Minutes.")
    original_language: str | None = strawberry.field(
        default=strawberry.UNSET, description="ISO 639-1 code (`ko`)."
    )
    origin_country: str | None = strawberry.field(
        default=strawberry.UNSET, description="ISO 3166-1 code (`KR`)."
    )
    region: str | None = strawberry.field(
        default=strawberry.UNSET, description="Release dates in this region (`US`)."
    )
    watch_providers: WatchProviderFilter | None = strawberry.UNSET
    include_adult: bool | None = strawberry.UNSET
    include_video: bool | None = strawberry.UNSET


@strawberry.input(description="What discovered shows must match; every filter given holds.")
class TVFilter:
    genres: IdFilter | None = strawberry.UNSET
    without_genres: list[int] | None = strawberry.UNSET
    keywords: IdFilter | None = strawberry.UNSET
    without_keywords: list[int] | None = strawberry.UNSET
    companies: IdFilter | None = strawberry.UNSET
    without_companies: list[int] | None = strawberry.UNSET
    networks: IdFilter | None = strawberry.UNSET
    first_air_date_year: int | None = strawberry.UNSET
    first_air_date: DateRange | None = strawberry.UNSET
    air_date: DateRange | None = strawberry.field(
        default=strawberry.UNSET, description="Any episode aired in this range."
    )
    vote_average: FloatRange | None = strawberry.UNSET
    vote_count: IntRange | None = strawberry.UNSET
    runtime: IntRange | None = strawberry.field(default=strawberry.UNSET, description="Minutes.")
    original_language: str | None = strawberry.field(
        default=strawberry.UNSET, description="ISO 639-1 code (`ko`)."
    )
    origin_country: str | None = strawberry.field(
        default=strawberry.UNSET, description="ISO 3166-1 code (`KR`)."
    )
    watch_providers: WatchProviderFilter | None = strawberry.UNSET
    timezone: str | None = strawberry.field(
        default=strawberry.UNSET, description="For air dates: an IANA name (`Europe/Paris`)."
    )
    include_adult: bool | None = strawberry.UNSET
    include_null_first_air_dates: bool | None = strawberry.UNSET
    screened_theatrically: bool | None = strawberry.UNSET


def _given(value: T | None) -> T | None:
    return None if value is strawberry.UNSET else value


def _ids(values: list[int] | None, name: str) -> list[int] | None:
    values = _given(values)
    if not values:
        return None
    if len(values) > MAX_IDS:
        raise BadInputError(f"{name} takes at most {MAX_IDS} ids, got {len(values)}")
    if any(value < 0 for value in values):
        raise BadInputError(f"{name} takes TMDB ids, which are never negative")
    return values


def _any_of(values: list[int] | None, name: str, match: Match = Match.ALL) -> str | None:
    ids = _ids(values, name)
    return None if ids is None else match.value.join(map(str, ids))


def _matching(value: IdFilter | None, name: str) -> str | None:
    value = _given(value)
    return None if value is None else _any_of(value.ids, name, value.match)


def _range(value: Any, keyword: str, out: dict[str, Any]) -> None:
    value = _given(value)
    if value is None:
        return
    low, high = _given(value.min), _given(value.max)
    out[f"{keyword}_gte"] = low.isoformat() if isinstance(low, date) else low
    out[f"{keyword}_lte"] = high.isoformat() if isinstance(high, date) else high


def _watch(value: WatchProviderFilter | None, out: dict[str, Any]) -> None:
    value = _given(value)
    if value is None:
        return
    out["watch_region"] = inputs.region(value.region) or _no_region()
    out["with_watch_providers"] = _matching(value.providers, "watchProviders.providers")
    out["without_watch_providers"] = _any_of(
        value.without_providers, "watchProviders.withoutProviders", Match.ANY
    )
    types = _given(value.monetization_types)
    if types:
        out["with_watch_monetization_types"] = "|".join(t.value for t in types)


def _no_region() -> str:
    raise BadInputError("watchProviders.region is needed: TMDB filters providers per region")


def _common(value: MovieFilter | TVFilter, out: dict[str, Any]) -> None:
    out["with_genres"] = _matching(value.genres, "genres")
    out["without_genres"] = _any_of(value.without_genres, "withoutGenres", Match.ANY)
    out["with_keywords"] = _matching(value.keywords, "keywords")
    out["without_keywords"] = _any_of(value.without_keywords, "withoutKeywords", Match.ANY)
    out["with_companies"] = _matching(value.companies, "companies")
    out["without_companies"] = _any_of(value.without_companies, "withoutCompanies", Match.ANY)
    _range(value.vote_average, "vote_average", out)
    _range(value.vote_count, "vote_count", out)
    _range(value.runtime, "with_runtime", out)
    out["with_original_language"] = inputs.original_language(_given(value.original_language))
    out["with_origin_country"] = inputs.region(_given(value.origin_country))
    _watch(value.watch_providers, out)
    out["include_adult"] = _given(value.include_adult)


def movie_params(value: MovieFilter | None, sort: MovieSort | None) -> dict[str, Any]:
    """``/discover/movie``'s keyword arguments for a filter and an order."""
    sort = _given(sort)
    out: dict[str, Any] = {"sort_by": None if sort is None else sort.value}
    value = _given(value)
    if value is None:
        return out
    _common(value, out)
    out["with_cast"] = _matching(value.cast, "cast")
    out["with_crew"] = _matching(value.crew, "crew")
    out["with_people"] = _matching(value.people, "people")
    out["year"] = _given(value.year)
    out["primary_release_year"] = _given(value.primary_release_year)
    _range(value.release_date, "release_date", out)
    _range(value.primary_release_date, "primary_release_date", out)
    out["region"] = inputs.region(_given(value.region))
    out["include_video"] = _given(value.include_video)
    return out


def tv_params(value: TVFilter | None, sort: TVSort | None) -> dict[str, Any]:
    """``/discover/tv``'s keyword arguments for a filter and an order."""
    sort = _given(sort)
    out: dict[str, Any] = {"sort_by": None if sort is None else sort.value}
    value = _given(value)
    if value is None:
        return out
    _common(value, out)
    out["with_networks"] = _matching(value.networks, "networks")
    out["first_air_date_year"] = _given(value.first_air_date_year)
    _range(value.first_air_date, "first_air_date", out)
    _range(value.air_date, "air_date", out)
    out["timezone"] = inputs.timezone(_given(value.timezone))
    out["include_null_first_air_dates"] = _given(value.include_null_first_air_dates)
    out["screened_theatrically"] = _given(value.screened_theatrically)
    return out
