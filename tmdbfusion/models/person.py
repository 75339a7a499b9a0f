"""A person with their appendable parts, and the images they are tagged in."""

from __future__ import annotations

import msgspec

from tmdbfusion.models.changes import Changes
from tmdbfusion.models.common import Images, Page, Translations
from tmdbfusion.models.credits import CombinedCredits, PersonMovieCredits, PersonTVCredits


class PersonExternalIds(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int | None = None
    imdb_id: str | None = None


class TaggedImageMedia(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """The movie or show a tagged image comes from (``media_type`` is on the image)."""

    id: int
    title: str | None = None
    name: str | None = None


class TaggedImage(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    file_path: str = ""
    media_type: str = ""
    media: TaggedImageMedia | None = None


TaggedImagePage = Page[TaggedImage]


class Person(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    id: int
    name: str = ""
    changes: Changes | None = None
    combined_credits: CombinedCredits | None = None
    external_ids: PersonExternalIds | None = None
    images: Images | None = None
    movie_credits: PersonMovieCredits | None = None
    tagged_images: TaggedImagePage | None = None
    translations: Translations | None = None
    tv_credits: PersonTVCredits | None = None
