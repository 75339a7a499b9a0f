"""The small types only a TV show has: its creators and the episodes screened in theatres (part
``screened_theatrically``). Its episode groups are in ``schema/episodegroup.py``."""

from __future__ import annotations

import strawberry

from schema.common import blank_to_none
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
