"""Images: TMDB's image records, and the sized URLs derived from every image path.

Each kind of image has its size enum, generated from TMDB's /configuration (schema/imageconfig.py);
a URL is that configuration's base (schema/imagebase.py), the size, and the path.
"""

from __future__ import annotations

from enum import Enum
from typing import Final, Self, TypeVar

import strawberry

from schema.imagebase import base_url
from schema.imageconfig import (
    BackdropSize,
    LogoSize,
    PosterSize,
    ProfileSize,
    StillSize,
)
from tmdbfusion import models as tmdb

__all__ = [
    "EMPTY_IMAGES",
    "BackdropImage",
    "BackdropSize",
    "EpisodeImages",
    "Image",
    "Images",
    "LogoImage",
    "LogoSize",
    "PersonImages",
    "PosterImage",
    "PosterSize",
    "ProfileImage",
    "ProfileSize",
    "StillImage",
    "StillSize",
    "image_url",
]


Record = TypeVar("Record", bound="Image")


def image_url(path: str | None, size: Enum) -> str | None:
    """The CDN URL of an image path at a size; ``None`` when TMDB has no image."""
    return f"{base_url()}{size.value}{path}" if path else None


@strawberry.interface(
    description="One image file of a movie, show, season, episode or person; each kind's type "
    "builds its URL with that kind's sizes."
)
class Image:
    file_path: str
    width: int | None
    height: int | None
    aspect_ratio: float | None
    iso_639_1: str | None = strawberry.field(name="iso6391")
    vote_average: float | None
    vote_count: int | None

    @classmethod
    def from_tmdb(cls, image: tmdb.Image) -> Self:
        return cls(
            file_path=image.file_path,
            width=image.width,
            height=image.height,
            aspect_ratio=image.aspect_ratio,
            iso_639_1=image.iso_639_1 or None,
            vote_average=image.vote_average,
            vote_count=image.vote_count,
        )


# One type per kind of image, so `fileUrl` takes only the sizes TMDB renders that kind in
# (/configuration's lists), as the path fields' URLs do (`posterUrl(size: PosterSize)`).


@strawberry.type(description="A poster: a movie's, show's or season's.")
class PosterImage(Image):
    @strawberry.field(description="The poster's URL at a TMDB poster size.")
    def file_url(self, size: PosterSize = PosterSize.ORIGINAL) -> str | None:
        return image_url(self.file_path, size)


@strawberry.type(description="A backdrop: a wide still of a movie or show.")
class BackdropImage(Image):
    @strawberry.field(description="The backdrop's URL at a TMDB backdrop size.")
    def file_url(self, size: BackdropSize = BackdropSize.ORIGINAL) -> str | None:
        return image_url(self.file_path, size)


@strawberry.type(description="A logo: a movie's or show's title treatment.")
class LogoImage(Image):
    @strawberry.field(description="The logo's URL at a TMDB logo size.")
    def file_url(self, size: LogoSize = LogoSize.ORIGINAL) -> str | None:
        return image_url(self.file_path, size)


@strawberry.type(description="A person's profile picture (portrait).")
class ProfileImage(Image):
    @strawberry.field(description="The picture's URL at a TMDB profile size.")
    def file_url(self, size: ProfileSize = ProfileSize.ORIGINAL) -> str | None:
        return image_url(self.file_path, size)


@strawberry.type(description="An episode's still.")
class StillImage(Image):
    @strawberry.field(description="The still's URL at a TMDB still size.")
    def file_url(self, size: StillSize = StillSize.ORIGINAL) -> str | None:
        return image_url(self.file_path, size)


# What a part TMDB was not asked for reads as: nothing.
EMPTY_IMAGES: Final = tmdb.Images()


def images(kind: type[Record], items: list[tmdb.Image]) -> list[Record]:
    return [kind.from_tmdb(i) for i in items]


@strawberry.type(description="A movie's, show's or season's images (part `images`).")
class Images:
    _images: strawberry.Private[tmdb.Images]

    @strawberry.field
    def posters(self) -> list[PosterImage]:
        return images(PosterImage, self._images.posters)

    @strawberry.field
    def backdrops(self) -> list[BackdropImage]:
        return images(BackdropImage, self._images.backdrops)

    @strawberry.field
    def logos(self) -> list[LogoImage]:
        return images(LogoImage, self._images.logos)


@strawberry.type(description="A person's pictures (part `images`).")
class PersonImages:
    _images: strawberry.Private[tmdb.Images]

    @strawberry.field
    def profiles(self) -> list[ProfileImage]:
        return images(ProfileImage, self._images.profiles)


@strawberry.type(description="An episode's stills (part `images`).")
class EpisodeImages:
    _images: strawberry.Private[tmdb.Images]

    @strawberry.field
    def stills(self) -> list[StillImage]:
        return images(StillImage, self._images.stills)
