"""One credit (``credit/{id}``): a person's role in a movie or show."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.search import MovieSummary, PersonSummary, TVSeriesSummary
from tmdbfusion.models.tv_episode import EpisodeSummary
from tmdbfusion.models.tv_season import SeasonSummary


class CreditMovie(MovieSummary, frozen=True, gc=False, kw_only=True):
    character: str | None = None


class CreditTV(TVSeriesSummary, frozen=True, gc=False, kw_only=True):
    """The show of a TV credit, with the episodes and seasons the credit covers."""

    character: str | None = None
    episodes: list[EpisodeSummary] = msgspec.field(default_factory=list)
    seasons: list[SeasonSummary] = msgspec.field(default_factory=list)


class Credit(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: str
    credit_type: str = ""
    department: str | None = None
    job: str | None = None
    media_type: str = ""
    media: CreditMovie | CreditTV | None = None
    person: PersonSummary | None = None
