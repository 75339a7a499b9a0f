"""A person with their appendable parts, and the images they are tagged in."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.changes import Changes
from tmdbfusion.models.common import Image, Images, Page, Translations
from tmdbfusion.models.credits import CombinedCredits, PersonMovieCredits, PersonTVCredits


class PersonExternalIds(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    imdb_id: str | None = None
    freebase_mid: str | None = None
    freebase_id: str | None = None
    tvrage_id: int | None = None
    wikidata_id: str | None = None
    facebook_id: str | None = None
    instagram_id: str | None = None
    tiktok_id: str | None = None
    twitter_id: str | None = None
    youtube_id: str | None = None


class TaggedImageMedia(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """The movie, show or episode a tagged image belongs to.

    One flat Struct rather than a union tagged by ``media_type``: TMDB tags images of more kinds
    of media than it documents (``tv_episode`` appears in its own examples), and an unknown kind
    must not make the whole person undecodable. Which fields are set depends on ``media_type``.
    """

    id: int
    media_type: str = ""
    title: str | None = None
    original_title: str | None = None
    name: str | None = None
    original_name: str | None = None
    original_language: str | None = None
    overview: str | None = None
    release_date: str | None = None
    first_air_date: str | None = None
    air_date: str | None = None
    show_id: int | None = None
    season_number: int | None = None
    episode_number: int | None = None
    production_code: str | None = None
    runtime: int | None = None
    genre_ids: list[int] = []
    origin_country: list[str] = []
    adult: bool | None = None
    video: bool | None = None
    popularity: float | None = None
    vote_average: float | None = None
    vote_count: int | None = None
    poster_path: str | None = None
    backdrop_path: str | None = None
    still_path: str | None = None


class TaggedImage(Image, frozen=True, gc=False, kw_only=True):
    """An image a person is tagged in, with the movie, show or episode it comes from."""

    image_type: str | None = None
    media_type: str | None = None
    media: TaggedImageMedia | None = None


TaggedImagePage = Page[TaggedImage]


class Person(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """A person's details; each appended part is ``None`` unless it was asked for."""

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
    adult: bool | None = None
    popularity: float | None = None
    profile_path: str | None = None
    changes: Changes | None = None
    combined_credits: CombinedCredits | None = None
    external_ids: PersonExternalIds | None = None
    images: Images | None = None
    movie_credits: PersonMovieCredits | None = None
    tagged_images: TaggedImagePage | None = None
    translations: Translations | None = None
    tv_credits: PersonTVCredits | None = None
