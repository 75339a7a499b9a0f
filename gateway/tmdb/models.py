"""The TMDB wire contract: msgspec Structs that declare only the fields we serve.

Every field has a default because real TMDB bodies omit keys and send nulls where the spec
promises values; unknown keys are ignored by msgspec. Leaf Structs are ``gc=False``: decoded JSON
can never form a reference cycle, and untracked objects make large credit lists cheaper to keep.
An entity's appended parts (``append_to_response``) decode into optional fields named after the
part, so one body yields the entity and every part asked of it.
"""

from __future__ import annotations

from typing import Final

import msgspec


class Genre(msgspec.Struct, frozen=True, gc=False):
    id: int
    name: str = ""


class CastCredit(msgspec.Struct, frozen=True, gc=False):
    id: int
    name: str = ""
    character: str | None = None
    order: int | None = None
    profile_path: str | None = None


class CrewCredit(msgspec.Struct, frozen=True, gc=False):
    id: int
    name: str = ""
    job: str | None = None
    department: str | None = None
    profile_path: str | None = None


class Credits(msgspec.Struct, frozen=True, gc=False):
    cast: list[CastCredit] = []
    crew: list[CrewCredit] = []


class Image(msgspec.Struct, frozen=True, gc=False):
    file_path: str = ""
    width: int | None = None
    height: int | None = None
    aspect_ratio: float | None = None
    iso_639_1: str | None = None
    vote_average: float | None = None


class Images(msgspec.Struct, frozen=True, gc=False):
    posters: list[Image] = []
    backdrops: list[Image] = []
    logos: list[Image] = []
    profiles: list[Image] = []


class Video(msgspec.Struct, frozen=True, gc=False):
    key: str = ""
    name: str = ""
    site: str = ""
    type: str = ""
    official: bool | None = None


class Videos(msgspec.Struct, frozen=True, gc=False):
    results: list[Video] = []


class Keyword(msgspec.Struct, frozen=True, gc=False):
    id: int
    name: str = ""


class Keywords(msgspec.Struct, frozen=True, gc=False):
    # Movies wrap keywords in "keywords", TV shows in "results"; both decode here.
    keywords: list[Keyword] = []
    results: list[Keyword] = []


class Movie(msgspec.Struct, frozen=True, gc=False):
    id: int
    title: str = ""
    original_title: str | None = None
    original_language: str | None = None
    overview: str | None = None
    tagline: str | None = None
    release_date: str | None = None
    runtime: int | None = None
    status: str | None = None
    imdb_id: str | None = None
    homepage: str | None = None
    budget: int | None = None
    revenue: int | None = None
    popularity: float | None = None
    vote_average: float | None = None
    vote_count: int | None = None
    adult: bool | None = None
    poster_path: str | None = None
    backdrop_path: str | None = None
    genres: list[Genre] = []
    credits: Credits | None = None
    images: Images | None = None
    videos: Videos | None = None
    keywords: Keywords | None = None


class Person(msgspec.Struct, frozen=True, gc=False):
    id: int
    name: str = ""
    also_known_as: list[str] = []
    biography: str | None = None
    birthday: str | None = None
    deathday: str | None = None
    place_of_birth: str | None = None
    gender: int | None = None
    known_for_department: str | None = None
    imdb_id: str | None = None
    homepage: str | None = None
    popularity: float | None = None
    adult: bool | None = None
    profile_path: str | None = None
    images: Images | None = None


class TVShow(msgspec.Struct, frozen=True, gc=False):
    id: int
    name: str = ""
    original_name: str | None = None
    original_language: str | None = None
    overview: str | None = None
    tagline: str | None = None
    first_air_date: str | None = None
    last_air_date: str | None = None
    status: str | None = None
    type: str | None = None
    homepage: str | None = None
    in_production: bool | None = None
    number_of_seasons: int | None = None
    number_of_episodes: int | None = None
    episode_run_time: list[int] = []
    origin_country: list[str] = []
    languages: list[str] = []
    popularity: float | None = None
    vote_average: float | None = None
    vote_count: int | None = None
    poster_path: str | None = None
    backdrop_path: str | None = None
    genres: list[Genre] = []
    credits: Credits | None = None
    images: Images | None = None
    videos: Videos | None = None
    keywords: Keywords | None = None


class ErrorBody(msgspec.Struct, frozen=True, gc=False):
    """TMDB's error envelope, e.g. ``{"status_code": 34, "status_message": "..."}``."""

    status_code: int | None = None
    status_message: str | None = None
    success: bool | None = None


# A crew's jobs and departments come from a small vocabulary ("Producer", "Sound", ...) but each
# decodes as its own str. Sharing one object per distinct value cut a cached Fight Club with
# credits from 1.08x to 0.76x the size of its raw JSON (bench/memory.py). Bounded, because the
# values come from upstream.
_VOCABULARY_LIMIT: Final = 10_000
_vocabulary: dict[str, str] = {}


def _shared(value: str | None) -> str | None:
    if value is None:
        return None
    shared = _vocabulary.get(value)
    if shared is None:
        if len(_vocabulary) >= _VOCABULARY_LIMIT:
            return value
        shared = _vocabulary[value] = value
    return shared


def share_vocabulary(credits: Credits | None) -> None:
    """Replace each crew member's job and department by the one shared str of that value."""
    if credits is None:
        return
    for member in credits.crew:
        msgspec.structs.force_setattr(member, "job", _shared(member.job))
        msgspec.structs.force_setattr(member, "department", _shared(member.department))
