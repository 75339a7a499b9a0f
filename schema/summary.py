"""The summary rule (DESIGN.md): an entity TMDB sends as a summary is served from it while the
selection asks only for fields it has; otherwise the entity is loaded, with the parts that
selection needs: one request per distinct entity, through the request's loaders (batched with
every other load of the tick, in the summary's language).

Summaries come two ways, and both go through the one rule below:

- in lists (a search's results, a chart, a movie's recommendations, a person's credits): items
  of several kinds, each known by its Struct (``kinds``), built from the summary promoted to the
  details Struct, the fields only the details hold left unset (``summaries``);
- embedded in a parent's body (a movie's collection and companies, a show's networks, seasons and
  episodes): a kind the parent names, with the key and build only it knows, a season's show id
  (``embedded``).

What a summary serves is a ``Summarized``: the entity's GraphQL type and the details' fields the
summary fills in, from which the GraphQL fields it serves (``Summarized.served``) follow. The
same sets price it before it runs (``schema/pricing.py``, ``schema/cost.py``).

The decision is made once per list and kind, at the list's field, from the names selected on its
items (``schema.planner.selected_fields``); below it every field is plain and synchronous
(DESIGN.md, principle 1). An item to load is an awaitable in the list, so that an entity TMDB no
longer knows is ``null`` with its own ``NOT_FOUND`` at its index, and its siblings are kept.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

import msgspec
from graphql import GraphQLObjectType
from strawberry.schema.name_converter import NameConverter

from schema import imagebase
from schema.context import Info, entity_or_pending
from schema.planner import parts_of, selected_fields
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Key, Resource

S = TypeVar("S")
T = TypeVar("T")

# What a list of summaries holds: a built item, or an awaitable of one being loaded. (Typed Any
# for strawberry's sake: a resolver's list is declared as the built items.)
Item = Any

# The schema's names: strawberry's default converter (schema/schema.py keeps its default).
_NAMES: Final = NameConverter()


@dataclass(frozen=True, slots=True, eq=False)
class Summarized:
    """An entity kind as one source of summaries holds it: what they serve, and how the entity
    is loaded for the rest."""

    graphql: type  # the GraphQL type: ``ROW``, ``PARTS``
    name: str  # its GraphQL name
    row: Resource[Any]
    parts: Mapping[str, str]  # GraphQL field -> the TMDB part it is served from
    # The details' fields (Python names) a summary fills in, or serves without one (a season's
    # ``episode(number:)``, which needs only the season's number).
    fields: frozenset[str]
    # The GraphQL fields those serve: each field read from one of them, and each ``xUrl`` of such
    # an ``xPath``. A selection within them is served from the summary.
    served: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "served", _served(self.graphql, self.fields))


@dataclass(frozen=True, slots=True, eq=False)
class Kind(Summarized):
    """A summary Struct whose entity is loaded by its ``id``, built as the details would be."""

    build: Callable[[Any, str | None], Any]  # (details Struct, language) -> GraphQL object
    promote: Callable[[Any], Any]  # summary Struct -> details Struct
    # What only a summary holds, set on the built object however it was built: (object,
    # summary, language) -> None.
    enrich: Callable[[Any, Any, str | None], None] | None = None

    def built(self, summary: Any, details: Any, language: str | None) -> Any:
        """The GraphQL object of ``summary``: from its ``details`` if loaded (else None)."""
        built = self.build(self.promote(summary) if details is None else details, language)
        if self.enrich is not None:
            self.enrich(built, summary, language)
        return built


def _served(graphql: type, fields: frozenset[str]) -> frozenset[str]:
    found = {"__typename"}
    for definition in graphql.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        python: str = definition.python_name
        path = python.removesuffix("_url") + "_path" if python.endswith("_url") else python
        if path in fields:
            found.add(_NAMES.get_graphql_name(definition))
    return frozenset(found)


def holding(graphql: Any, fields: Iterable[str]) -> Summarized:
    """The summaries of ``graphql`` that fill in ``fields`` of its details."""
    return Summarized(graphql, _name(graphql), graphql.ROW, graphql.PARTS, frozenset(fields))


def kind(
    graphql: Any,
    summary: type,
    *,
    promote: Callable[[Any], Any] | None = None,
    fields: Iterable[str] | None = None,
    also: Iterable[str] = (),
    enrich: Callable[[Any, Any, str | None], None] | None = None,
) -> Kind:
    """The summaries ``summary`` of ``graphql``: promoted to its details Struct (by ``promote``,
    else field by field) and built by its ``from_tmdb``. They serve the fields both Structs
    declare, or ``fields`` where a source holds fewer than its Struct declares (a movie's
    collection), and ``also``."""
    copy, shared = promoter(summary, graphql.ROW.result)
    held = shared if fields is None else frozenset(fields)
    return Kind(
        graphql,
        _name(graphql),
        graphql.ROW,
        graphql.PARTS,
        held | frozenset(also),
        graphql.from_tmdb,
        promote or copy,
        enrich,
    )


def _name(graphql: Any) -> str:
    name: str = graphql.__strawberry_definition__.name
    return name


def promoter(summary: type, details: type) -> tuple[Callable[[Any], Any], frozenset[str]]:
    """A summary as its details Struct: every field both declare copied, the rest defaults."""
    shared = frozenset(f.name for f in msgspec.structs.fields(summary)) & frozenset(
        f.name for f in msgspec.structs.fields(details)
    )
    names = tuple(sorted(shared))

    def promote(value: Any) -> Any:
        return details(**{name: getattr(value, name) for name in names})

    return promote, shared


@functools.cache
def kinds() -> Mapping[type, Kind]:
    """The kind of each summary Struct a list holds. Gathered on first use: the entity types'
    modules declare their kinds, and use this module."""
    from schema import collection, company, episodegroup, movie, person, tv

    return {
        tmdb.MovieSummary: movie.SUMMARY,
        tmdb.TVSeriesSummary: tv.SUMMARY,
        tmdb.PersonSummary: person.SUMMARY,
        tmdb.ProductionCompany: company.SUMMARY,
        tmdb.NetworkSummary: company.NETWORK_SUMMARY,
        tmdb.CollectionSummary: collection.SUMMARY,
        tmdb.EpisodeGroupSummary: episodegroup.SUMMARY,
    }


_KIND_OF: Final[dict[type, Kind | None]] = {}


def kind_of(summary: type) -> Kind | None:
    """The kind of a summary Struct, or of one extending it (a person's movie credit); None for
    a Struct that is all there is to its entity (a keyword)."""
    if summary in _KIND_OF:
        return _KIND_OF[summary]
    found = next((kinds()[c] for c in summary.__mro__ if c in kinds()), None)
    if found is None and summary not in whole():
        raise TypeError(f"{summary.__name__} is neither a summary nor a whole entity")
    _KIND_OF[summary] = found
    return found


@functools.cache
def whole() -> Mapping[type, Callable[[Any], Any]]:
    """How to build each Struct a list holds that is all TMDB knows of its entity (a keyword):
    as it is. Gathered on first use, as ``kinds`` is."""
    from schema.keyword import Keyword

    return {tmdb.Keyword: Keyword.from_tmdb}


@functools.cache
def _named() -> Mapping[str, Kind]:
    return {kind.name: kind for kind in kinds().values()}


def kind_named(name: str) -> Kind | None:
    """The kind whose GraphQL type is called ``name``, if any."""
    return _named().get(name)


def served(graphql_type: GraphQLObjectType, summarized: Summarized) -> frozenset[str]:
    """The fields of the schema's ``graphql_type`` that ``summarized`` serves."""
    return summarized.served & {"__typename", *graphql_type.fields}


# What a selection needs of a kind's items: nothing beyond their summaries (None), or their
# entities loaded with these parts.
_Plan = tuple[str, ...] | None


def _plan(info: Info, summarized: Summarized, path: tuple[str, ...]) -> _Plan:
    names = selected_fields(info, summarized.name, path)
    if names <= summarized.served:
        return None
    return parts_of(names, summarized.parts)


def summaries(
    info: Info,
    items: Sequence[Any],
    language: str | None,
    path: tuple[str, ...] = (),
    kind: Kind | None = None,
) -> list[Item]:
    """The GraphQL objects of summary Structs ``items``, listed by the current field (their
    selection is below it and then ``path``): each of its Struct's kind, or of ``kind`` when the
    source names one (a movie's collection)."""
    plans: dict[Kind, _Plan] = {}
    context = info.context
    image_base = imagebase.wanted(info)
    out: list[Item] = []
    for item in items:
        of = kind or kind_of(type(item))
        if of is None:
            out.append(whole()[type(item)](item))
            continue
        if of in plans:
            plan = plans[of]
        else:
            plan = plans[of] = _plan(info, of, path)
        if plan is None:
            out.append(of.built(item, None, language))
            continue
        build = functools.partial(of.built, item, language=language)
        out.append(
            entity_or_pending(
                context, of.row, (item.id,), language, plan, build, image_base=image_base
            )
        )
    return out


def embedded(
    info: Info,
    summarized: Summarized,
    items: Sequence[S],
    language: str | None,
    key: Callable[[S], Key],
    build: Callable[[S, Any], T],
) -> list[T | None]:
    """The GraphQL objects of summaries ``items`` a parent's body embeds, listed by the current
    field: ``build(summary, None)`` each, or ``build(summary, details)`` of its entity loaded by
    ``key`` when the selection needs more."""
    plan = _plan(info, summarized, ())
    if plan is None:
        return [build(item, None) for item in items]
    context = info.context
    image_base = imagebase.wanted(info)
    loaded: list[Any] = [
        entity_or_pending(
            context,
            summarized.row,
            key(item),
            language,
            plan,
            functools.partial(build, item),
            image_base=image_base,
        )
        for item in items
    ]
    return loaded
