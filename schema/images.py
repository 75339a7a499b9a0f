"""Images: TMDB's image records, and the sized URLs derived from every image path.

Each kind of image has its size enum, generated from TMDB's /configuration (schema/imageconfig.py);
a URL is that configuration's base (schema/imagebase.py), the size, and the path.
"""

from __future__ import annotations

from enum import Enum
from typing import Final

import strawberry

from schema.imagebase import base_url
from schema.imageconfig import (
    BackdropSize,
    ImageSize,
    LogoSize,
    PosterSize,
    ProfileSize,
    StillSize,
)
from tmdbfusion import models as tmdb

__all__ = [
    "EMPTY_IMAGES",
    "BackdropSize",
    "EpisodeImages",
    "Image",
    "ImageSize",
    "Images",
    "LogoSize",
    "PersonImages",
    "PosterSize",
    "ProfileSize",
    "StillSize",
    "image_url",
]


def image_url(path: str | None, size: Enum) -> str | None:
    """The CDN URL of an image path at a size; ``None`` when TMDB has no image."""
    return f"{base_url()}{size.value}{path}" if path else None


@strawberry.type(description="One image file of a movie, show, season, episode or person.")
class Image:
    file_path: str
    width: int | None
    height: int | None
    aspect_ratio: float | None
    iso_639_1: str | None = strawberry.field(name="iso6391")
    vote_average: float | None
    vote_count: int | None

    @strawberry.field(description="The image's URL at a TMDB size.")
    def file_url(self, size: ImageSize = ImageSize.ORIGINAL) -> str | None:
        return image_url(self.file_path, size)

    @classmethod
    def from_tmdb(cls, image: tmdb.Image) -> Image:
        return cls(
            file_path=image.file_path,
            width=image.width,
            height=image.height,
            aspect_ratio=image.aspect_ratio,
            iso_639_1=image.iso_639_1 or None,
            vote_average=image.vote_average,
            vote_count=image.vote_count,
        )


# What a part TMDB was not asked for reads as: nothing.
EMPTY_IMAGES: Final = tmdb.Images()


def images(items: list[tmdb.Image]) -> list[Image]:
    return [Image.from_tmdb(i) for i in items]


@strawberry.type(description="A movie's, show's or season's images (part `images`).")
class Images:
    _images: strawberry.Private[tmdb.Images]

    @strawberry.field
    def posters(self) -> list[Image]:
        return images(self._images.posters)

    @strawberry.field
    def backdrops(self) -> list[Image]:
        return images(self._images.backdrops)

    @strawberry.field
    def logos(self) -> list[Image]:
        return images(self._images.logos)


@strawberry.type(description="A person's pictures (part `images`).")
class PersonImages:
    _images: strawberry.Private[tmdb.Images]

    @strawberry.field
    def profiles(self) -> list[Image]:
        return images(self._images.profiles)


@strawberry.type(description="An episode's stills (part `images`).")
class EpisodeImages:
    _images: strawberry.Private[tmdb.Images]

    @strawberry.field
    def stills(self) -> list[Image]:
        return images(self._images.stills)
