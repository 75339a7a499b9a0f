"""Images: TMDB's image records, and the sized URLs derived from every image path."""

from __future__ import annotations

from enum import Enum

import strawberry

from tmdbfusion import models as tmdb

# TMDB's image CDN, from GET /configuration ("secure_base_url"); stable for years.
IMAGE_BASE_URL = "https://image.tmdb.org/t/p/"


@strawberry.enum(description="TMDB's poster sizes.")
class PosterSize(Enum):
    W92 = "w92"
    W154 = "w154"
    W185 = "w185"
    W342 = "w342"
    W500 = "w500"
    W780 = "w780"
    ORIGINAL = "original"


@strawberry.enum(description="TMDB's backdrop sizes.")
class BackdropSize(Enum):
    W300 = "w300"
    W780 = "w780"
    W1280 = "w1280"
    ORIGINAL = "original"


@strawberry.enum(description="TMDB's profile (portrait) sizes.")
class ProfileSize(Enum):
    W45 = "w45"
    W185 = "w185"
    H632 = "h632"
    ORIGINAL = "original"


@strawberry.enum(description="TMDB's logo sizes (companies, networks, watch providers).")
class LogoSize(Enum):
    W45 = "w45"
    W92 = "w92"
    W154 = "w154"
    W185 = "w185"
    W300 = "w300"
    W500 = "w500"
    ORIGINAL = "original"


@strawberry.enum(description="Every size TMDB serves images in; not every size suits every kind.")
class ImageSize(Enum):
    W45 = "w45"
    W92 = "w92"
    W154 = "w154"
    W185 = "w185"
    W300 = "w300"
    W342 = "w342"
    W500 = "w500"
    W780 = "w780"
    W1280 = "w1280"
    H632 = "h632"
    ORIGINAL = "original"


def image_url(path: str | None, size: Enum) -> str | None:
    """The CDN URL of an image path at a size; ``None`` when TMDB has no image."""
    return f"{IMAGE_BASE_URL}{size.value}{path}" if path else None


@strawberry.type(description="One image file of a movie, show or person.")
class Image:
    file_path: str
    width: int | None
    height: int | None
    aspect_ratio: float | None
    iso_639_1: str | None = strawberry.field(name="iso6391")
    vote_average: float | None

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
        )


def images(items: list[tmdb.Image]) -> list[Image]:
    return [Image.from_tmdb(i) for i in items]


@strawberry.type(description="A movie's or show's images (part `images`).")
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
