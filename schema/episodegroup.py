"""Episode groups: another order of a show's episodes (DVD, story arcs, a streamer's
collections), ``episodeGroup(id:)`` or ``tv(id:) { episodeGroups }``.

A show lists its groups as summaries (part ``episode_groups``: name, counts, type, network);
the groups themselves, each with its episodes, are in the group's own body
(``GET /tv/episode_group/{id}``, which takes no language): one request per distinct group, and
only when ``groups`` is selected (the summary rule, ``schema/summary.py``). The group's body
embeds each episode as a summary, so its episodes are served from it, and cost one request per
episode only for a field the summary lacks (crew, guest stars, parts).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Final

import strawberry

from schema.common import blank_to_none, first_items
from schema.company import Network, network as embedded_network
from schema.context import Info, resolve
from schema.episode import Episode, episodes as listed_episodes
from schema.summary import holding, kind, summaries
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE


@strawberry.type(description="One group of an episode group: a disc, an arc, a collection.")
class EpisodeSubgroup:
    id: str
    name: str
    order: int | None = strawberry.field(description="Its place in the episode group, from 1.")
    locked: bool | None
    _episodes: strawberry.Private[list[tmdb.EpisodeGroupEpisode]]
    _language: strawberry.Private[str | None]

    @strawberry.field(
        description="Its episodes in the group's order, served from the group's body; a field "
        "it lacks (crew, guest stars, parts) costs one request per episode."
    )
    def episodes(self, info: Info, first: int | None = strawberry.UNSET) -> list[Episode | None]:
        items = first_items(self._episodes, first)
        # `listed_episodes`: tests/schema/test_pricing.py finds the fields that load by the names
        # their code uses, and `groups` reads an attribute called `episodes`.
        return listed_episodes(info, GROUPED, items, self._language, None)


@strawberry.type(description="Another order of a show's episodes (DVD, story arcs, ...).")
class EpisodeGroup:
    ROW: ClassVar[Resource[tmdb.EpisodeGroup]] = TABLE["tv.episode_group"]
    PARTS: ClassVar[Mapping[str, str]] = {}

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
    _groups: strawberry.Private[list[tmdb.EpisodeGroupGroup]]
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The network whose order it is, if any.")
    def network(self, info: Info) -> Network | None:
        return None if self._network is None else embedded_network(info, self._network)

    @strawberry.field(
        description="Its groups, in TMDB's order: in the group's own body only, so a show's "
        "list of groups costs one request per group for them."
    )
    def groups(self, first: int | None = strawberry.UNSET) -> list[EpisodeSubgroup]:
        return [
            EpisodeSubgroup(
                id=g.id,
                name=g.name,
                order=g.order,
                locked=g.locked,
                _episodes=g.episodes,
                _language=self._language,
            )
            for g in first_items(self._groups, first)
        ]

    @classmethod
    def from_tmdb(cls, g: tmdb.EpisodeGroup, language: str | None = None) -> EpisodeGroup:
        return cls(
            id=g.id,
            name=g.name,
            description=blank_to_none(g.description),
            episode_count=g.episode_count,
            group_count=g.group_count,
            type=g.type,
            _network=g.network,
            _groups=g.groups,
            _language=language,
        )


def load_episode_group(info: Info, id: str, language: str | None) -> EpisodeGroup:
    """The group, or an awaitable of it on a cache miss (see ``schema.context.resolve``)."""
    return resolve(
        info,
        EpisodeGroup.ROW,
        (id,),
        language,
        EpisodeGroup.PARTS,
        lambda g: EpisodeGroup.from_tmdb(g, language),
    )


def episode_groups(
    info: Info, wrapper: tmdb.EpisodeGroups | None, language: str | None, first: int | None
) -> list[EpisodeGroup | None]:
    """A show's first ``first`` groups (part ``episode_groups``), each loaded if the selection
    needs its ``groups``; their episodes inherit the show's ``language``."""
    items = first_items(wrapper.results if wrapper else [], first)
    found: list[Any] = summaries(info, items, language)
    return found


# A group as a show lists it: everything but its groups.
SUMMARY: Final = kind(EpisodeGroup, tmdb.EpisodeGroupSummary)
# An episode as a group's body lists it: the summary of a show's last episode, plus its `order`
# (its index in the group, which the list's order already says).
GROUPED: Final = holding(Episode, tmdb.EpisodeGroupEpisode.__struct_fields__)
