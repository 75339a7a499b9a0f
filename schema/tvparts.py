"""The small types only a TV show has: its creators, its episode groups (part
``episode_groups``) and the episodes screened in theatres (part ``screened_theatrically``)."""

from __future__ import annotations

import strawberry

from schema.common import blank_to_none
from schema.company import Network, network as embedded_network
from schema.context import Info
from schema.images import ProfileSize, image_url
from schema.person import Person, load_person
from tmdbfusion import models as tmdb


@strawberry.type(description="A person TMDB credits with creating a show.")
class Creator:
    id: int
    name: str
    original_name: str | None
    credit_id: str | None
    gender: int | None = strawberry.field(
        description="TMDB's code: 0 unset, 1 female, 2 male, 3 non-binary."
    )
    profile_path: str | None
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The profile picture's URL at a TMDB size.")
    def profile_url(self, size: ProfileSize = ProfileSize.W185) -> str | None:
        return image_url(self.profile_path, size)

    @strawberry.field(description="The person's details: one request per distinct person.")
    def person(self, info: Info) -> Person | None:
        return load_person(info, self.id, self._language)


def creators(items: list[tmdb.Creator], language: str | None) -> list[Creator]:
    return [
        Creator(
            id=c.id,
            name=c.name,
            original_name=blank_to_none(c.original_name),
            credit_id=blank_to_none(c.credit_id),
            gender=c.gender,
            profile_path=c.profile_path,
            _language=language,
        )
        for c in items
    ]


@strawberry.type(description="Another order of a show's episodes (DVD, story arcs, ...).")
class EpisodeGroup:
    id: str
    name: str
    description: str | None
    episode_count: int | None
    group_count: int | None
    type: int | None = strawberry.field(
        description="TMDB's code: 1 original air date, 2 absolute, 3 DVD, 4 digital, "
        "5 story arc, 6 production, 7 TV."
    )
    _network: strawberry.Private[tmdb.NetworkSummary | None]

    @strawberry.field(description="The network whose order it is, if any.")
    def network(self, info: Info) -> Network | None:
        return None if self._network is None else embedded_network(info, self._network)


def episode_groups(wrapper: tmdb.EpisodeGroups | None) -> list[EpisodeGroup]:
    if wrapper is None:
        return []
    return [
        EpisodeGroup(
            id=g.id,
            name=g.name,
            description=blank_to_none(g.description),
            episode_count=g.episode_count,
            group_count=g.group_count,
            type=g.type,
            _network=g.network,
        )
        for g in wrapper.results
    ]


@strawberry.type(description="An episode that was screened in theatres.")
class ScreenedEpisode:
    id: int
    episode_number: int | None
    season_number: int | None


def screened(wrapper: tmdb.ScreenedTheatrically | None) -> list[ScreenedEpisode]:
    if wrapper is None:
        return []
    return [
        ScreenedEpisode(id=s.id, episode_number=s.episode_number, season_number=s.season_number)
        for s in wrapper.results
    ]
