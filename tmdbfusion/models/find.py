"""The result of looking a movie, show, season, episode or person up by an external id."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.search import MovieSummary, PersonSummary, TVSeriesSummary
from tmdbfusion.models.tv_episode import EpisodeSummary
from tmdbfusion.models.tv_season import SeasonSummary


class FindResults(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    movie_results: list[MovieSummary] = []
    person_results: list[PersonSummary] = []
    tv_results: list[TVSeriesSummary] = []
    tv_episode_results: list[EpisodeSummary] = []
    tv_season_results: list[SeasonSummary] = []
