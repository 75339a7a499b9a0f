"""The namespaces of TMDB's read API, one module per area, shared by both clients.

The namespace modules do without ``from __future__ import annotations``: the resource table
reads every stub's annotations at import, and compiling them from strings took 30 ms.
"""

from __future__ import annotations

from typing import Any, Generic

from tmdbfusion.namespaces.catalog import (
    Collections,
    Companies,
    Credits,
    Find,
    Keywords,
    Lists,
    Networks,
    Reviews,
)
from tmdbfusion.namespaces.discover import Discover
from tmdbfusion.namespaces.movies import Movies
from tmdbfusion.namespaces.people import People
from tmdbfusion.namespaces.reference import (
    Certifications,
    Changes,
    Configuration,
    Genres,
    WatchProviders,
)
from tmdbfusion.namespaces.search import Search, Trending
from tmdbfusion.namespaces.tv import TV
from tmdbfusion.operation import Mode, Namespace
from tmdbfusion.resource import Resource

NAMESPACES: tuple[type[Namespace[Any]], ...] = (
    Movies,
    TV,
    People,
    Search,
    Discover,
    Trending,
    Collections,
    Companies,
    Networks,
    Keywords,
    Reviews,
    Credits,
    Find,
    Genres,
    Certifications,
    WatchProviders,
    Configuration,
    Changes,
    Lists,
)


class Namespaces(Generic[Mode]):
    """Every namespace as an attribute; ``Mode`` says whether their calls are awaited."""

    def __init__(self) -> None:
        self.movies: Movies[Mode] = Movies(self)
        self.tv: TV[Mode] = TV(self)
        self.people: People[Mode] = People(self)
        self.search: Search[Mode] = Search(self)
        self.discover: Discover[Mode] = Discover(self)
        self.trending: Trending[Mode] = Trending(self)
        self.collections: Collections[Mode] = Collections(self)
        self.companies: Companies[Mode] = Companies(self)
        self.networks: Networks[Mode] = Networks(self)
        self.keywords: Keywords[Mode] = Keywords(self)
        self.reviews: Reviews[Mode] = Reviews(self)
        self.credits: Credits[Mode] = Credits(self)
        self.find: Find[Mode] = Find(self)
        self.genres: Genres[Mode] = Genres(self)
        self.certifications: Certifications[Mode] = Certifications(self)
        self.watch_providers: WatchProviders[Mode] = WatchProviders(self)
        self.configuration: Configuration[Mode] = Configuration(self)
        self.changes: Changes[Mode] = Changes(self)
        self.lists: Lists[Mode] = Lists(self)

    # Each client sends these its own way: TMDBClient returns, AsyncTMDBClient awaits.
    def request(self, resource: Resource[Any], /, *keys: Any, **query: Any) -> Any:
        raise NotImplementedError

    def pages(self, resource: Resource[Any], /, *keys: Any, **query: Any) -> Any:
        raise NotImplementedError
