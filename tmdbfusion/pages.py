"""Walking TMDB's pages: where to start, when to stop.

Both clients' ``..._pages()`` iterators ask for one page, yield it, and ask this module for the
next page number; neither keeps a page once it has been handed over.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Protocol

# TMDB refuses any page past 500 ("page must be less than or equal to 500"), whatever
# total_pages says.
MAX_PAGE: Final = 500


class Paged(Protocol):
    """A page of results as TMDB sends it."""

    @property
    def page(self) -> int: ...

    @property
    def total_pages(self) -> int: ...


def first_page(query: Mapping[str, object]) -> int:
    """The page to start from: ``page=`` if the caller gave one, else 1."""
    page = query.get("page")
    return page if isinstance(page, int) and page > 0 else 1


def next_page(page: int, result: Paged) -> int | None:
    """The page after ``page``, or None once ``page`` was the last (or TMDB's 500th)."""
    return page + 1 if page < min(result.total_pages, MAX_PAGE) else None
