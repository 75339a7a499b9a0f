"""The smaller entities: collections, companies, networks, keywords, reviews, credits, user
lists, and ``find`` (an entity by its IMDb, TVDB, Wikidata or social id)."""

from typing import Literal

from tmdbfusion import models
from tmdbfusion.operation import Mode, Namespace, get, pages
from tmdbfusion.resource import ENTITY, UNCACHED

ExternalSource = Literal[
    "imdb_id",
    "facebook_id",
    "instagram_id",
    "tvdb_id",
    "tiktok_id",
    "twitter_id",
    "wikidata_id",
    "youtube_id",
]


class Collections(Namespace[Mode]):
    namespace = "collections"

    @get("/collection/{collection_id}", ttl=ENTITY)
    def details(
        self, collection_id: int, /, *, language: str | None = None
    ) -> models.Collection: ...

    @get("/collection/{collection_id}/images", ttl=ENTITY)
    def images(
        self,
        collection_id: int,
        /,
        *,
        include_image_language: str | None = None,
        language: str | None = None,
    ) -> models.Images: ...

    @get("/collection/{collection_id}/translations", ttl=ENTITY)
    def translations(self, collection_id: int, /) -> models.Translations: ...


class Companies(Namespace[Mode]):
    namespace = "companies"

    @get("/company/{company_id}", ttl=ENTITY)
    def details(self, company_id: int, /) -> models.Company: ...

    @get("/company/{company_id}/alternative_names", ttl=ENTITY)
    def alternative_names(self, company_id: int, /) -> models.AlternativeNames: ...

    @get("/company/{company_id}/images", ttl=ENTITY)
    def images(self, company_id: int, /) -> models.Images: ...


class Networks(Namespace[Mode]):
    namespace = "networks"

    @get("/network/{network_id}", ttl=ENTITY)
    def details(self, network_id: int, /) -> models.Network: ...

    @get("/network/{network_id}/alternative_names", ttl=ENTITY)
    def alternative_names(self, network_id: int, /) -> models.AlternativeNames: ...

    @get("/network/{network_id}/images", ttl=ENTITY)
    def images(self, network_id: int, /) -> models.Images: ...


class Keywords(Namespace[Mode]):
    namespace = "keywords"

    @get("/keyword/{keyword_id}", ttl=ENTITY)
    def details(self, keyword_id: int, /) -> models.Keyword: ...

    @get("/keyword/{keyword_id}/movies", ttl=ENTITY)
    def movies(
        self,
        keyword_id: int,
        /,
        *,
        include_adult: bool | None = None,
        language: str | None = None,
        page: int | None = None,
    ) -> models.MoviePage: ...

    movies_pages = pages(movies)


class Reviews(Namespace[Mode]):
    namespace = "reviews"

    @get("/review/{review_id}", ttl=ENTITY)
    def details(self, review_id: str, /) -> models.Review: ...


class Credits(Namespace[Mode]):
    namespace = "credits"

    @get("/credit/{credit_id}", ttl=ENTITY)
    def details(self, credit_id: str, /, *, language: str | None = None) -> models.Credit:
        """One credit (a ``credit_id`` from a cast or crew list), with its person and media."""


class Find(Namespace[Mode]):
    namespace = "find"

    @get("/find/{external_id}", ttl=ENTITY)
    def by_id(
        self,
        external_id: str,
        /,
        *,
        external_source: ExternalSource,
        language: str | None = None,
    ) -> models.FindResults:
        """What TMDB holds under another site's id.

        ``client.find.by_id("tt0137523", external_source="imdb_id")``
        """


class Lists(Namespace[Mode]):
    namespace = "lists"

    @get("/list/{list_id}", ttl=UNCACHED)
    def details(
        self, list_id: int, /, *, language: str | None = None, page: int | None = None
    ) -> models.ListDetails: ...

    @get("/list/{list_id}/item_status", ttl=UNCACHED)
    def check_item_status(
        self, list_id: int, /, *, language: str | None = None, movie_id: int | None = None
    ) -> models.ListItemStatus:
        """Whether a movie is on the list."""
