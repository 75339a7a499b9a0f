"""One TMDB read operation described as data: a row of the resource table.

A row is read off a typed method stub (see ``tmdbfusion.operation``): positional-only parameters
are the path's key parameters, keyword-only ones its query parameters, ``append`` the entity's
``append_to_response`` parts (a ``Literal`` of TMDB's part names, each looked up in the result
Struct by its wire name), and the return annotation the result Struct.
"""

from __future__ import annotations

import functools
import inspect
import operator
import re
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar, Union, get_args, get_origin

import msgspec

T = TypeVar("T")

# A row's key values, in its path's order: ``(550,)`` for a movie, ``(1399, 1)`` for a season.
Key = tuple[int | str, ...]
# A call's query parameters besides ``language``, by the row's Python keyword and sorted, with no
# ``None`` among them: (("page", 2), ("query", "batman")). Sorted, so that one call is one key.
QueryParams = tuple[tuple[str, str | int | float | bool], ...]

# Cache lifetimes in seconds: the max-age of the most recent response recorded for a path in
# TMDB's own Cache-Control headers (tests/fixtures/headers/), or its family's where none was.
# "max-age=0" and "private" answers are not cached at all.
ENTITY = 28_800  # an entity, its parts, collections, companies, genres, changes, find
CHART = 21_600  # popular, top rated, now playing, upcoming, airing today, on the air
QUERY = 600  # search, discover and trending: their answers move within minutes
CONFIGURATION = 43_200
UNCACHED = 0  # latest, user lists, certifications


@dataclass(frozen=True, slots=True)
class Param:
    """A key or query parameter: the Python name, TMDB's name for it, its type."""

    name: str
    wire: str
    type: Any
    required: bool


@dataclass(frozen=True, slots=True)
class Part:
    """An ``append_to_response`` part: TMDB's name, the Struct field it decodes into, its type."""

    name: str
    field: str
    type: Any
    paged: bool


@dataclass(frozen=True, slots=True, eq=False)
class Resource(Generic[T]):
    """A TMDB GET operation: what to ask, how to read the answer, how long it stays fresh."""

    name: str  # "movies.details": namespace and method
    path: str  # "/movie/{movie_id}", below the base URL
    keys: tuple[Param, ...]  # the path's key parameters, in order
    query: Mapping[str, Param]  # by Python keyword
    result: Any  # the result type, e.g. models.Movie or list[models.Country]
    paged: bool
    ttl: int  # seconds
    parts: Mapping[str, Part]  # by TMDB part name; empty unless an entity
    decoder: msgspec.json.Decoder[T] = field(repr=False)


def describe(
    fn: Callable[..., Any], hints: Mapping[str, Any], *, name: str, path: str, ttl: int
) -> Resource[Any]:
    """The row a method stub declares (``self`` first, then keys, then keyword-only query);
    ``hints`` are its resolved annotations."""
    result = hints["return"]
    keys: list[Param] = []
    query: dict[str, Param] = {}
    parts: dict[str, Part] = {}
    for param in list(inspect.signature(fn).parameters.values())[1:]:
        if param.kind is param.POSITIONAL_ONLY:
            keys.append(Param(param.name, param.name, hints[param.name], required=True))
        elif param.kind is param.KEYWORD_ONLY and param.name == "append":
            parts = _parts(name, hints["append"], result)
        elif param.kind is param.KEYWORD_ONLY:
            required = param.default is param.empty
            query[param.name] = Param(
                param.name, wire_name(param.name), hints[param.name], required
            )
        else:
            raise TypeError(f"{name}: {param.name} must be positional-only or keyword-only")
    if [key.name for key in keys] != re.findall(r"{(\w+)}", path):
        raise TypeError(f"{name}: its key parameters do not match {path}")
    paged = is_page(result) and "page" in query
    # Built once: a Decoder reuses its compiled type information (all 116 take 10 ms). Lax,
    # because real bodies send numbers as strings ("popularity": "2.26...").
    decoder = msgspec.json.Decoder(result, strict=False)
    return Resource(name, path, tuple(keys), query, result, paged, ttl, parts, decoder)


def query_params(**values: str | int | float | bool | None) -> QueryParams:
    """The canonical ``QueryParams`` of keyword arguments, leaving out those that are ``None``."""
    return tuple(sorted((name, value) for name, value in values.items() if value is not None))


def wire_name(keyword: str) -> str:
    """TMDB's name for a keyword: ``vote_average_gte`` is ``vote_average.gte``."""
    if keyword.endswith(("_gte", "_lte")):
        return f"{keyword[:-4]}.{keyword[-3:]}"
    return keyword


def is_page(tp: Any) -> bool:
    """Whether a result type is one of TMDB's pages (``page``, ``results``, ``total_pages``)."""
    # The Struct's field names only: msgspec.structs.fields() would evaluate every annotation.
    names = getattr(get_origin(tp) or tp, "__struct_fields__", ())
    return "page" in names and "total_pages" in names


def _parts(name: str, append: Any, result: Any) -> dict[str, Part]:
    (literal,) = get_args(append)  # Sequence[Literal["credits", ...]]
    if get_origin(literal) is not Literal:
        raise TypeError(f"{name}: append must be a Sequence of a Literal of part names")
    fields = {f.encode_name: f for f in msgspec.structs.fields(result)}
    parts = {}
    for part in get_args(literal):
        info = fields.get(part)
        # The field must stay None unless appended: a part that is missing from the body is
        # then told apart from one that is empty.
        if info is None or info.default is not None:
            raise TypeError(f"{name}: {result.__name__} has no optional field for part {part!r}")
        tp = _optional(info.type)
        parts[part] = Part(part, info.name, tp, is_page(tp))
    return parts


def _optional(tp: Any) -> Any:
    """``X`` from ``X | None`` (``X | Y`` from ``X | Y | None``)."""
    if get_origin(tp) not in (Union, types.UnionType):
        return tp
    members = [m for m in get_args(tp) if m is not type(None)]
    return functools.reduce(operator.or_, members)
