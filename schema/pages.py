"""TMDB's lists as GraphQL pages and connections.

TMDB pages every list 20 results at a time. A paged part of an entity (a movie's
``recommendations``) is a ``Page``: TMDB's own ``{ page totalPages totalResults results }``. A list
root (a search, a chart) is a ``Connection``, the same four fields plus Relay's ``edges { cursor
node }`` and ``pageInfo``. It takes either ``page`` (exactly TMDB's page, one request), or
``first`` and ``after`` (a window spanning TMDB's pages, each page it needs fetched at once:
``first: 50`` is pages 1, 2 and 3, concurrently); with neither, it is the first page.

A cursor is the result's position in the whole list (opaque, base64), so ``after`` works with any
list; it does not say which list it came from. TMDB serves no page after the 500th: a window
ends there, and a ``page`` or cursor past it is ``BAD_USER_INPUT``.

Results are served by the summary rule (schema/summary.py). An item is nullable: one whose
details TMDB no longer has (its search index lags its deletions) is ``null`` with its own error,
and the rest of the list is kept.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar, cast

import strawberry

from schema import inputs
from schema.context import Info, entity_or_pending
from schema.errors import BadInputError
from schema.pricing import PAGE_SIZE
from schema.summary import summaries
from tmdbfusion.models.common import Page as TMDBPage
from tmdbfusion.resource import Key, QueryParams, Resource

T = TypeVar("T")

MAX_RESULTS: Final = inputs.MAX_PAGE * PAGE_SIZE
_CURSOR_PREFIX: Final = "tmdb:"


def cursor(offset: int) -> str:
    return base64.b64encode(f"{_CURSOR_PREFIX}{offset}".encode()).decode()


def offset_of(value: str) -> int:
    """The position a cursor names; BAD_USER_INPUT for anything this module did not write."""
    try:
        text = base64.b64decode(value.encode("ascii"), validate=True).decode("ascii")
    except (UnicodeError, binascii.Error):
        text = ""
    number = text.removeprefix(_CURSOR_PREFIX)
    if not text.startswith(_CURSOR_PREFIX) or not number.isdigit() or len(number) > 6:
        raise BadInputError(f"after must be a cursor this API returned, got {value[:20]!r}")
    return int(number)


@dataclass(frozen=True, slots=True)
class Window:
    """The results a list field asks for: ``count`` from position ``start`` (0-based)."""

    start: int
    count: int

    @property
    def pages(self) -> range:
        """TMDB's pages holding the window (the first page, for an empty window)."""
        first = self.start // PAGE_SIZE + 1
        last = (self.start + max(self.count, 1) - 1) // PAGE_SIZE + 1
        return range(first, last + 1)


def window(page: int | None, first: int | None, after: str | None) -> Window:
    """The window of ``page``, or of ``first`` and ``after``; the first page without either."""
    if page is not None:
        if first is not None or after is not None:
            raise BadInputError("give page, or first and after, not both")
        return Window((inputs.page(page) - 1) * PAGE_SIZE, PAGE_SIZE)
    start = 0 if after is None else offset_of(after) + 1
    if first is not None and first < 0:
        raise BadInputError(f"first must be zero or more, got {first}")
    if start >= MAX_RESULTS:
        raise BadInputError(f"TMDB serves a list's first {MAX_RESULTS} results, no later ones")
    count = PAGE_SIZE if first is None else first
    return Window(start, min(count, MAX_RESULTS - start))


def unset_to_none(value: T | None) -> T | None:
    """An optional argument left out (strawberry's UNSET) as None."""
    return None if value is strawberry.UNSET else value


@strawberry.type(description="Where a connection's window is in the whole list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="A result and its position in the list.")
class Edge(Generic[T]):
    cursor: str
    node: T | None = strawberry.field(
        description="Null, with an error, when TMDB lists an entity it no longer has."
    )


@strawberry.type(description="One of TMDB's pages of a list, 20 results or fewer.")
class Page(Generic[T]):
    page: int
    total_pages: int
    total_results: int
    _results: strawberry.Private[Sequence[Any]]
    _language: strawberry.Private[str | None]

    @strawberry.field(description="In TMDB's order.")
    def results(self, info: Info) -> list[T | None]:
        return summaries(info, self._results, self._language)

    @classmethod
    def from_tmdb(cls, page: TMDBPage[Any], language: str | None) -> Page[T]:
        return cls(
            page=page.page,
            total_pages=page.total_pages,
            total_results=page.total_results,
            _results=page.results,
            _language=language,
        )


@strawberry.type(
    description="A window of a TMDB list: TMDB's page fields, and Relay's edges and pageInfo."
)
class Connection(Generic[T]):
    page: int = strawberry.field(description="TMDB's page of the first result.")
    total_pages: int = strawberry.field(description="As TMDB counts them; it serves 500 at most.")
    total_results: int
    _start: strawberry.Private[int]
    _results: strawberry.Private[Sequence[Any]]
    # Each result's position in the whole list: its page's start and its index on the page.
    _offsets: strawberry.Private[Sequence[int]]
    _has_next: strawberry.Private[bool]
    _language: strawberry.Private[str | None]

    @strawberry.field(description="The window's results, in TMDB's order.")
    def results(self, info: Info) -> list[T | None]:
        return summaries(info, self._results, self._language)

    @strawberry.field(description="The window's results with their cursors.")
    def edges(self, info: Info) -> list[Edge[T]]:
        nodes = summaries(info, self._results, self._language, ("node",))
        return [
            Edge(cursor=cursor(offset), node=node)
            for offset, node in zip(self._offsets, nodes, strict=True)
        ]

    @strawberry.field
    def page_info(self) -> PageInfo:
        offsets = self._offsets
        return PageInfo(
            has_next_page=self._has_next,
            has_previous_page=self._start > 0,
            start_cursor=cursor(offsets[0]) if offsets else None,
            end_cursor=cursor(offsets[-1]) if offsets else None,
        )


def _connection(
    pages: Sequence[TMDBPage[Any]], within: Window, language: str | None
) -> Connection[Any]:
    """The window's results out of TMDB's pages ``within.pages``."""
    results: list[Any] = []
    offsets: list[int] = []
    end = within.start + within.count
    for number, page in zip(within.pages, pages, strict=True):
        base = (number - 1) * PAGE_SIZE
        for i, item in enumerate(page.results[:PAGE_SIZE]):
            if within.start <= base + i < end:
                results.append(item)
                offsets.append(base + i)
    first, last = pages[0], pages[-1]
    # More follow if the last page fetched holds results past the window, or TMDB has (and
    # serves) a later page; a page can hold fewer than 20 (the last one, a curated answer).
    last_base = (within.pages[-1] - 1) * PAGE_SIZE
    has_next = last_base + min(len(last.results), PAGE_SIZE) > end or within.pages[-1] < min(
        last.total_pages, inputs.MAX_PAGE
    )
    return Connection(
        page=within.pages[0],
        total_pages=first.total_pages,
        total_results=first.total_results,
        _start=within.start,
        _results=results,
        _offsets=offsets,
        _has_next=has_next,
        _language=language,
    )


def connection(
    info: Info,
    resource: Resource[Any],
    key: Key,
    language: str | None,
    params: QueryParams,
    within: Window,
) -> Connection[Any]:
    """The connection over ``resource``'s list for ``within``: each TMDB page it spans loaded at
    once (at hand, or in the same tick, so the loaders fetch them concurrently).

    An awaitable of it when a page is not at hand, as ``schema.context.resolve`` returns.
    """
    context = info.context
    loaded = [
        entity_or_pending(
            context,
            resource,
            key,
            language,
            (),
            _same,
            tuple(sorted((*params, ("page", number)))),
        )
        for number in within.pages
    ]
    if not any(isinstance(page, Awaitable) for page in loaded):
        return _connection(cast(list[TMDBPage[Any]], loaded), within, language)
    pending = _gathered(loaded, lambda pages: _connection(pages, within, language))
    return pending  # type: ignore[return-value]


def _same(value: Any) -> Any:
    return value


async def _gathered(
    loaded: list[Any], build: Callable[[list[Any]], Connection[Any]]
) -> Connection[Any]:
    async def one(value: Any) -> Any:
        return await value if isinstance(value, Awaitable) else value

    pages = await asyncio.gather(*(one(value) for value in loaded))
    return build(list(pages))
