"""Reference data: genres, certifications, watch providers, configuration, and the lists of
recently changed ids."""

from tmdbfusion import models
from tmdbfusion.operation import Mode, Namespace, get, pages
from tmdbfusion.resource import CONFIGURATION, ENTITY, UNCACHED


class Genres(Namespace[Mode]):
    namespace = "genres"

    @get("/genre/movie/list", ttl=ENTITY)
    def movie_list(self, *, language: str | None = None) -> models.GenreList: ...

    @get("/genre/tv/list", ttl=ENTITY)
    def tv_list(self, *, language: str | None = None) -> models.GenreList: ...


class Certifications(Namespace[Mode]):
    namespace = "certifications"

    @get("/certification/movie/list", ttl=UNCACHED)
    def movie_list(self) -> models.Certifications: ...

    @get("/certification/tv/list", ttl=UNCACHED)
    def tv_list(self) -> models.Certifications: ...


class WatchProviders(Namespace[Mode]):
    namespace = "watch_providers"

    @get("/watch/providers/regions", ttl=ENTITY)
    def available_regions(self, *, language: str | None = None) -> models.WatchRegions: ...

    @get("/watch/providers/movie", ttl=ENTITY)
    def movie_list(
        self, *, language: str | None = None, watch_region: str | None = None
    ) -> models.WatchProviderList: ...

    @get("/watch/providers/tv", ttl=ENTITY)
    def tv_list(
        self, *, language: str | None = None, watch_region: str | None = None
    ) -> models.WatchProviderList: ...


class Configuration(Namespace[Mode]):
    namespace = "configuration"

    @get("/configuration", ttl=CONFIGURATION)
    def details(self) -> models.Configuration:
        """The image base URLs and sizes, and the keys ``changes`` may report."""

    @get("/configuration/countries", ttl=CONFIGURATION)
    def countries(self, *, language: str | None = None) -> list[models.Country]: ...

    @get("/configuration/jobs", ttl=CONFIGURATION)
    def jobs(self) -> list[models.Department]: ...

    @get("/configuration/languages", ttl=CONFIGURATION)
    def languages(self) -> list[models.Language]: ...

    @get("/configuration/primary_translations", ttl=CONFIGURATION)
    def primary_translations(self) -> list[str]: ...

    @get("/configuration/timezones", ttl=CONFIGURATION)
    def timezones(self) -> list[models.Timezone]: ...


class Changes(Namespace[Mode]):
    namespace = "changes"

    @get("/movie/changes", ttl=ENTITY)
    def movie_list(
        self,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
        page: int | None = None,
    ) -> models.ChangesPage:
        """The ids of the movies changed in a window of at most 14 days (default: the last 24h)."""

    movie_list_pages = pages(movie_list)

    @get("/person/changes", ttl=ENTITY)
    def people_list(
        self,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
        page: int | None = None,
    ) -> models.ChangesPage: ...

    people_list_pages = pages(people_list)

    @get("/tv/changes", ttl=ENTITY)
    def tv_list(
        self,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
        page: int | None = None,
    ) -> models.ChangesPage: ...

    tv_list_pages = pages(tv_list)
