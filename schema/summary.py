"""The summary rule (DESIGN.md): a list item TMDB sends as a summary is served as the full type.

A search result, a chart's entry, a recommendation, a person's credit: TMDB sends each as a
summary Struct (``tmdbfusion.models.search``), which holds a part of the entity's details. It is
served as the full GraphQL type (``Movie``, ``TVShow``, ``Person``, ...), built from the summary
promoted to the details Struct, the fields only the details hold left unset. Only when the
selection on the items asks for a field the summary lacks is each entity loaded, with the parts
that selection needs: one request per distinct entity, through the request's loaders (batched
with every other load of the tick, in the list's language).

The decision is made once per list and object type, at the list's field, from the names selected
on its items (``schema.planner.selected_fields``); below it every field is plain and synchronous
(DESIGN.md, principle 1). An item to load is an awaitable in the list, so that an entity TMDB no
longer knows is ``null`` with its own ``NOT_FOUND`` at its index, and its siblings are kept.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final
from weakref import WeakKeyDictionary

import msgspec
from graphql import GraphQLObjectType

from schema.common import Keyword
from schema.context import Info, entity_or_pending
from schema.planner import selected_fields
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Resource

# What a list of summaries holds: a built item, or an awaitable of one being loaded. (Typed Any
# for strawberry's sake: a resolver's list is declared as the built items.)
Item = Any


@dataclass(frozen=True, slots=True, eq=False)
class Kind:
    """How the summaries of one entity kind become its GraphQL type."""

    graphql: type  # the GraphQL type: ``ROW``, ``PARTS`` and ``from_tmdb`` of the details
    name: str  # its GraphQL name
    row: Resource[Any]
    parts: Mapping[str, str]  # GraphQL field -> the TMDB part it is served from
    build: Callable[[Any, str | None], Any]  # (details Struct, language) -> GraphQL object
    promote: Callable[[Any], Any]  # summary Struct -> details Struct
    # The details Struct's fields a summary fills in: the fields served without loading.
    fields: frozenset[str]
    # What only a summary holds, set on the built object however it was built: (object,
    # summary, language) -> None.
    enrich: Callable[[Any, Any, str | None], None] | None = None


def promoter(summary: type, details: type) -> tuple[Callable[[Any], Any], frozenset[str]]:
    """A summary as its details Struct: every field both declare copied, the rest defaults."""
    shared = frozenset(f.name for f in msgspec.structs.fields(summary)) & frozenset(
        f.name for f in msgspec.structs.fields(details)
    )
    names = tuple(sorted(shared))

    def promote(value: Any) -> Any:
        return details(**{name: getattr(value, name) for name in names})

    return promote, shared


def _known_for(person: Any, summary: tmdb.PersonSummary, language: str | None) -> None:
    # A person's details hold no known_for: it comes with the person a list holds.
    person._known_for = summary.known_for
    person._language = language


def _collection(value: tmdb.CollectionSummary) -> tmdb.Collection:
    # search/multi names a collection like a movie (`title`, `original_title`).
    return tmdb.Collection(
        id=value.id,
        name=value.name or value.title or "",
        original_name=value.original_name or value.original_title,
        original_language=value.original_language,
        overview=value.overview,
        poster_path=value.poster_path,
        backdrop_path=value.backdrop_path,
    )


@functools.cache
def kinds() -> Mapping[type, Kind]:
    """Each summary Struct's kind. Built on first use: the entity types' own modules use this
    one, and it needs them."""
    from schema.collection import Collection
    from schema.company import Company
    from schema.movie import Movie
    from schema.person import Person
    from schema.tv import TVShow

    def kind(
        graphql: Any,
        summary: type,
        build: Callable[[Any, str | None], Any],
        promote: Callable[[Any], Any] | None = None,
        also: frozenset[str] = frozenset(),
        enrich: Callable[[Any, Any, str | None], None] | None = None,
    ) -> tuple[type, Kind]:
        row = graphql.ROW
        copy, fields = promoter(summary, row.result)
        name = graphql.__strawberry_definition__.name
        promote = promote or copy
        return summary, Kind(
            graphql, name, row, graphql.PARTS, build, promote, fields | also, enrich
        )

    return dict(
        [
            kind(Movie, tmdb.MovieSummary, Movie.from_tmdb),
            kind(TVShow, tmdb.TVSeriesSummary, TVShow.from_tmdb),
            kind(
                Person,
                tmdb.PersonSummary,
                lambda p, language: Person.from_tmdb(p),
                also=frozenset({"known_for"}),
                enrich=_known_for,
            ),
            kind(Company, tmdb.ProductionCompany, Company.from_tmdb),
            # A collection's `title`, where search/multi sends one, is its `name`.
            kind(
                Collection,
                tmdb.CollectionSummary,
                Collection.from_tmdb,
                _collection,
                frozenset({"name", "original_name"}),
            ),
        ]
    )


_KIND_OF: Final[dict[type, Kind | None]] = {}


def kind_of(summary: type) -> Kind | None:
    """The kind of a summary Struct, or of one extending it (a person's movie credit); None for
    a Struct that is all there is to its entity (a keyword)."""
    if summary in _KIND_OF:
        return _KIND_OF[summary]
    found = next((kinds()[c] for c in summary.__mro__ if c in kinds()), None)
    if found is None and summary not in WHOLE:
        raise TypeError(f"{summary.__name__} is neither a summary nor a whole entity")
    _KIND_OF[summary] = found
    return found


# Lists of Structs that hold all TMDB knows of their entity: built as they are.
WHOLE: Final[Mapping[type, Callable[[Any], Any]]] = {
    tmdb.Keyword: lambda k: Keyword(id=k.id, name=k.name),
}


@functools.cache
def _named() -> Mapping[str, Kind]:
    return {kind.name: kind for kind in kinds().values()}


def kind_named(name: str) -> Kind | None:
    """The kind whose GraphQL type is called ``name``, if any."""
    return _named().get(name)


_SERVED: Final[WeakKeyDictionary[GraphQLObjectType, frozenset[str]]] = WeakKeyDictionary()


def served(graphql_type: GraphQLObjectType, kind: Kind) -> frozenset[str]:
    """The GraphQL fields of ``graphql_type`` its summary serves: those read from a field the
    summary fills in, and each ``xUrl`` of such an ``xPath``. Found once per schema."""
    names = _SERVED.get(graphql_type)
    if names is None:
        found = {"__typename"}
        for name, field in graphql_type.fields.items():
            python: str = field.extensions["strawberry-definition"].python_name
            path = python.removesuffix("_url") + "_path" if python.endswith("_url") else python
            if path in kind.fields:
                found.add(name)
        names = _SERVED[graphql_type] = frozenset(found)
    return names


@dataclass(frozen=True, slots=True)
class _Plan:
    load: bool  # whether the items need their details
    parts: tuple[str, ...]  # the parts the items' selection needs, if loaded


def summaries(
    info: Info, items: Sequence[Any], language: str | None, path: tuple[str, ...] = ()
) -> list[Item]:
    """The GraphQL objects of summary Structs ``items``, listed by the current field (their
    selection is below it and then ``path``): each built from its summary, or, when the selection
    needs more, an awaitable of it loaded with its details."""
    plans: dict[Kind, _Plan] = {}
    context = info.context
    out: list[Item] = []
    for item in items:
        kind = kind_of(type(item))
        if kind is None:
            out.append(WHOLE[type(item)](item))
            continue
        plan = plans.get(kind)
        if plan is None:
            plan = plans[kind] = _plan(info, kind, path)
        if not plan.load:
            out.append(_built(kind, kind.promote(item), item, language))
            continue
        out.append(
            entity_or_pending(
                context,
                kind.row,
                (item.id,),
                language,
                plan.parts,
                functools.partial(_built, kind, summary=item, language=language),
            )
        )
    return out


def _built(kind: Kind, details: Any, summary: Any, language: str | None) -> Any:
    built = kind.build(details, language)
    if kind.enrich is not None:
        kind.enrich(built, summary, language)
    return built


def _plan(info: Info, kind: Kind, path: tuple[str, ...]) -> _Plan:
    graphql_type = info._raw_info.schema.get_type(kind.name)
    assert isinstance(graphql_type, GraphQLObjectType)
    names = selected_fields(info, kind.name, path)
    if names <= served(graphql_type, kind):
        return _Plan(load=False, parts=())
    return _Plan(load=True, parts=tuple(sorted({kind.parts[n] for n in names if n in kind.parts})))
