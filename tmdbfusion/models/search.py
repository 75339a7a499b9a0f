"""Summaries of movies, shows, people and collections, and the pages that list them.

Search, discover, trending and the entity lists (popular, recommendations, ...) return these
summaries. Mixed results (``search/multi``, ``trending/all``, a person's ``known_for``) are a
union tagged by TMDB's ``media_type`` key (``movie``, ``tv``, ``person``, ``collection``); a
summary decoded on its own does not need the key.
"""

from __future__ import annotations

import msgspec

from tmdbfusion.models.common import Keyword, Page, ProductionCompany


class MovieSummary(
    msgspec.Struct, frozen=True, gc=False, kw_only=True, tag_field="media_type", tag="movie"
):
    id: int
    title: str = ""
    original_title: str | None = None
    original_language: str | None = None
    overview: str | None = None
    release_date: str | None = None
    genre_ids: list[int] = []
    adult: bool | None = None
    video: bool | None = None
    popularity: float | None = None
    vote_average: float | None = None
    vote_count: int | None = None
    poster_path: str | None = None
    backdrop_path: str | None = None


class TVSeriesSummary(
    msgspec.Struct, frozen=True, gc=False, kw_only=True, tag_field="media_type", tag="tv"
):
    id: int
    name: str = ""
    original_name: str | None = None
    original_language: str | None = None
    overview: str | None = None
    first_air_date: str | None = None
    origin_country: list[str] = []
    genre_ids: list[int] = []
    adult: bool | None = None
    popularity: float | None = None
    vote_average: float | None = None
    vote_count: int | None = None
    poster_path: str | None = None
    backdrop_path: str | None = None


KnownFor = MovieSummary | TVSeriesSummary


class PersonSummary(
    msgspec.Struct, frozen=True, gc=False, kw_only=True, tag_field="media_type", tag="person"
):
    id: int
    name: str = ""
    original_name: str | None = None
    known_for_department: str | None = None
    gender: int | None = None
    adult: bool | None = None
    popularity: float | None = None
    profile_path: str | None = None
    known_for: list[KnownFor] = []


class CollectionSummary(
    msgspec.Struct, frozen=True, gc=False, kw_only=True, tag_field="media_type", tag="collection"
):
    """A collection as searches list it and as a movie's ``belongs_to_collection``.

    ``search/multi`` names a collection with ``title`` and ``original_title`` instead of
    ``name`` and ``original_name``.
    """

    id: int
    name: str = ""
    original_name: str | None = None
    title: str | None = None
    original_title: str | None = None
    original_language: str | None = None
    overview: str | None = None
    adult: bool | None = None
    poster_path: str | None = None
    backdrop_path: str | None = None


MultiResult = MovieSummary | TVSeriesSummary | PersonSummary | CollectionSummary

MoviePage = Page[MovieSummary]
TVSeriesPage = Page[TVSeriesSummary]
PersonPage = Page[PersonSummary]
MultiPage = Page[MultiResult]
CollectionPage = Page[CollectionSummary]
CompanyPage = Page[ProductionCompany]
KeywordPage = Page[Keyword]
