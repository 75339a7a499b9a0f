"""Summaries of movies, shows, people, collections and companies, and their pages.

Search, discover, trending and the entity lists (popular, recommendations, ...) return these
summaries. Mixed results (``search/multi``, ``trending/all``, a person's ``known_for``) are a
tagged union on TMDB's ``media_type`` key.
"""

from __future__ import annotations

import msgspec

from tmdbfusion.models.common import Keyword, Page


class MovieSummary(
    msgspec.Struct, frozen=True, gc=False, kw_only=True, tag_field="media_type", tag="movie"
):
    id: int
    title: str = ""


class TVSeriesSummary(
    msgspec.Struct, frozen=True, gc=False, kw_only=True, tag_field="media_type", tag="tv"
):
    id: int
    name: str = ""


KnownFor = MovieSummary | TVSeriesSummary


class PersonSummary(
    msgspec.Struct, frozen=True, gc=False, kw_only=True, tag_field="media_type", tag="person"
):
    id: int
    name: str = ""
    known_for: list[KnownFor] = []


MultiResult = MovieSummary | TVSeriesSummary | PersonSummary


class CollectionSummary(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""


class CompanySummary(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""


MoviePage = Page[MovieSummary]
TVSeriesPage = Page[TVSeriesSummary]
PersonPage = Page[PersonSummary]
MultiPage = Page[MultiResult]
CollectionPage = Page[CollectionSummary]
CompanyPage = Page[CompanySummary]
KeywordPage = Page[Keyword]
