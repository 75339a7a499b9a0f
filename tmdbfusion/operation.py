"""Declaring an operation once, as a typed method stub, for both clients.

``@get(path, ttl=...)`` on a stub in a namespace class records the operation's row of the
resource table (``tmdbfusion.resource.describe``) and replaces the stub by a descriptor. Looked
up on a namespace of the synchronous client it gives ``Callable[P, T]``; on one of the
asynchronous client, ``Callable[P, Coroutine[..., T]]``; so mypy and editors type both clients
from the one declaration. A paged operation also has its pages iterator, declared next to it as
``popular_pages = pages(popular)``: an iterator (or async iterator) of pages.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from functools import partial
from typing import (
    Any,
    ClassVar,
    Concatenate,
    Generic,
    ParamSpec,
    Protocol,
    Self,
    TypeVar,
    get_type_hints,
    overload,
)

from tmdbfusion.pages import Paged
from tmdbfusion.resource import Resource, describe, is_page

P = ParamSpec("P")
T = TypeVar("T")
PageT = TypeVar("PageT", bound=Paged)
Mode = TypeVar("Mode")


class Sync:
    """Marks a namespace of ``TMDBClient``: its operations return their results."""


class Async:
    """Marks a namespace of ``AsyncTMDBClient``: its operations return coroutines."""


class Caller(Protocol):
    """What a namespace sends its calls through: one of the two clients."""

    def request(self, resource: Resource[Any], /, *keys: Any, **query: Any) -> Any: ...

    def pages(self, resource: Resource[Any], /, *keys: Any, **query: Any) -> Any: ...


class Namespace(Generic[Mode]):
    """A group of operations under one attribute of the client (``client.movies``)."""

    namespace: ClassVar[str]

    def __init__(self, client: Caller) -> None:
        self._client = client


class Operation(Generic[P, T]):
    """A declared operation; the table's row is ``.resource``."""

    resource: Resource[T]

    def __init__(self, stub: Callable[..., T], hints: dict[str, Any], path: str, ttl: int) -> None:
        self._stub = stub
        self._hints = hints
        self._path = path
        self._ttl = ttl
        self.__doc__ = stub.__doc__

    def __set_name__(self, owner: type[Namespace[Any]], name: str) -> None:
        self._name = name
        resource_name = f"{owner.namespace}.{name}"
        self.resource = describe(
            self._stub, self._hints, name=resource_name, path=self._path, ttl=self._ttl
        )

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, obj: Namespace[Sync], owner: type[Any]) -> Callable[P, T]: ...
    @overload
    def __get__(
        self, obj: Namespace[Async], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, T]]: ...
    def __get__(self, obj: Namespace[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        bound = partial(obj._client.request, self.resource)
        # Kept on the instance: later lookups find it before this (non-data) descriptor.
        obj.__dict__[self._name] = bound
        return bound


class PagedOperation(Operation[P, PageT]):
    """An operation answering with one of TMDB's pages; ``pages(operation)`` walks them."""


class PagesOperation(Generic[P, PageT]):
    """``..._pages()``: one decoded page per TMDB request, up to the last page (at most 500)."""

    def __init__(self, operation: PagedOperation[P, PageT]) -> None:
        self._operation = operation

    def __set_name__(self, owner: type[Namespace[Any]], name: str) -> None:
        if name != f"{self._operation._name}_pages" or not self._operation.resource.paged:
            raise TypeError(f"{owner.__name__}.{name}: pages of a paged operation, named after it")
        self._name = name

    @property
    def resource(self) -> Resource[PageT]:
        return self._operation.resource

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, obj: Namespace[Sync], owner: type[Any]) -> Callable[P, Iterator[PageT]]: ...
    @overload
    def __get__(
        self, obj: Namespace[Async], owner: type[Any]
    ) -> Callable[P, AsyncIterator[PageT]]: ...
    def __get__(self, obj: Namespace[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        bound = partial(obj._client.pages, self._operation.resource)
        obj.__dict__[self._name] = bound
        return bound


class _Declaration:
    def __init__(self, path: str, ttl: int) -> None:
        self._path = path
        self._ttl = ttl

    @overload
    def __call__(self, stub: Callable[Concatenate[Any, P], PageT]) -> PagedOperation[P, PageT]: ...
    @overload
    def __call__(self, stub: Callable[Concatenate[Any, P], T]) -> Operation[P, T]: ...
    def __call__(self, stub: Callable[..., Any]) -> Operation[Any, Any]:
        # The row itself is built in __set_name__, once the namespace (so the name) is known.
        hints = get_type_hints(stub)
        paged = is_page(hints["return"])
        return (PagedOperation if paged else Operation)(stub, hints, self._path, self._ttl)


def pages(operation: PagedOperation[P, PageT]) -> PagesOperation[P, PageT]:
    """Declare the lazy page iterator of a paged operation: ``popular_pages = pages(popular)``."""
    return PagesOperation(operation)


def get(path: str, *, ttl: int) -> _Declaration:
    """Declare a TMDB GET operation on the stub below: its path below the base URL, its TTL."""
    return _Declaration(path, ttl)
