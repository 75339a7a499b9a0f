"""Select every field of a type, built from the schema itself, and check each served value
against the TMDB body it came from.

A field added to the schema is selected and checked without editing this module. What it does
not select: fields with a required argument (``season(number:)``, ``watchProviders(region:)``),
and fields that load another entity (a cast member's ``person``) or list (a keyword's movies);
an entity its parent embeds as a summary (a movie's collection, a show's seasons) is selected
with the fields the summary serves, so the summary's values are checked too. Parts are selected
when TMDB sent them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, datetime
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
    is_abstract_type,
)

from schema.imagebase import IMAGE_URL_FIELDS
from schema.imageconfig import RECORDED_BASE_URL
from schema.pricing import ENTITY_LOADS, LIST_LOADS, SUMMARY_LISTS
from schema.schema import build_schema
from schema.summary import kind_named, served

SCHEMA: GraphQLSchema = build_schema()._schema
NUMBERS = {"Int": int, "BigInt": int, "Float": float}
_VIDEO_SITES = {"YouTube": "https://www.youtube.com/watch?v=", "Vimeo": "https://vimeo.com/"}


def _video_url(video: dict[str, Any]) -> str | None:
    site = _VIDEO_SITES.get(video.get("site") or "")
    return f"{site}{video['key']}" if site and video.get("key") else None


def _media_type(credit: dict[str, Any]) -> str:
    # A person's movie_credits and tv_credits do not say; their items have a title or a name.
    return credit.get("media_type") or ("movie" if "title" in credit else "tv")


# Values the schema derives, not read from a key of the same name.
DERIVED: dict[tuple[str, str], Callable[[dict[str, Any]], Any]] = {
    ("Video", "url"): _video_url,
    # search/multi names a collection like a movie, by its `title` and `original_title`.
    ("Collection", "name"): lambda c: c["name"] if "name" in c else c.get("title"),
    ("Collection", "originalName"): lambda c: (
        c.get("original_name") if "name" in c else c.get("original_title")
    ),
    # A Gravatar avatar is its own URL; a TMDB one is at the default size.
    ("ReviewAuthor", "avatarUrl"): lambda a: (
        None
        if not a.get("avatar_path")
        else a["avatar_path"][1:]
        if a["avatar_path"].startswith("/http")
        else f"{RECORDED_BASE_URL}w45{a['avatar_path']}"
    ),
    # A season's own body has no episode_count: it is its list of episodes' length.
    ("Season", "episodeCount"): lambda s: (
        s["episode_count"]
        if "episode_count" in s
        else len(s["episodes"])
        if "episodes" in s
        else None
    ),
    ("PersonCastCredit", "mediaType"): _media_type,
    ("PersonCrewCredit", "mediaType"): _media_type,
    ("Credit", "character"): lambda c: (c.get("media") or {}).get("character") or None,
}


def _the(kind: str) -> Callable[[dict[str, Any]], Any]:
    """A person's credit is its title's summary: the credit itself, for a title of ``kind``."""
    return lambda credit: credit if _media_type(credit) == kind else None


def _medium(kind: str) -> Callable[[dict[str, Any]], Any]:
    return lambda credit: credit.get("media") if credit.get("media_type") == kind else None


# Fields read from elsewhere in the body.
SOURCES: dict[tuple[str, str], Callable[[dict[str, Any]], Any]] = {
    ("Credit", "episodes"): lambda c: (c.get("media") or {}).get("episodes"),
    ("Credit", "seasons"): lambda c: (c.get("media") or {}).get("seasons"),
    ("Credit", "movie"): _medium("movie"),
    ("Credit", "tv"): _medium("tv"),
    **{(credit, "movie"): _the("movie") for credit in ("PersonCastCredit", "PersonCrewCredit")},
    **{(credit, "tv"): _the("tv") for credit in ("PersonCastCredit", "PersonCrewCredit")},
}


def named(graphql_type: GraphQLOutputType) -> GraphQLNamedType:
    while isinstance(graphql_type, GraphQLNonNull | GraphQLList):
        graphql_type = graphql_type.of_type
    return graphql_type


def object_type(name: str) -> GraphQLObjectType:
    graphql_type = SCHEMA.get_type(name)
    assert isinstance(graphql_type, GraphQLObjectType)
    return graphql_type


def python_name(field: GraphQLField) -> str:
    """TMDB's key for a field: the attribute name strawberry serves it from (``iso_639_1``)."""
    name: str = field.extensions["strawberry-definition"].python_name
    return name


def parts_of(graphql_type: GraphQLObjectType) -> dict[str, str]:
    parts: dict[str, str] = getattr(
        graphql_type.extensions["strawberry-definition"].origin, "PARTS", {}
    )
    return parts


def selection(
    graphql_type: GraphQLObjectType,
    sent: Collection[str] = (),
    only: Collection[str] | None = None,
) -> str:
    """Every field of the type (only those in ``only``, if given); of its parts, those whose
    TMDB name is in ``sent``."""
    parts = parts_of(graphql_type)
    fields = []
    for name, field in graphql_type.fields.items():
        if only is not None and name not in only:
            continue
        if _required_arguments(field):
            continue  # an argument the walk cannot choose
        loads = ENTITY_LOADS.get((graphql_type.name, name))
        if loads is not None and loads.served_without is None:
            continue  # another entity: its own upstream request
        if (graphql_type.name, name) in LIST_LOADS:
            continue  # a list of its own (a keyword's movies): its own upstream requests
        if name in parts and parts[name] not in sent:
            continue  # TMDB was not asked for this part, so it sent none
        target = named(field.type)
        if is_abstract_type(target):
            continue  # a union of entities (what a person is known for): none in a details body
        if not isinstance(target, GraphQLObjectType):
            fields.append(name)
            continue
        below = None if loads is None else loads.served_without
        if (graphql_type.name, name) in SUMMARY_LISTS:
            # Items served by the summary rule: what their summary serves, as the body has it.
            kind = kind_named(target.name)
            below = served(target, kind) if kind is not None else None
        inner = selection(target, (), below)
        if inner:  # an empty selection set is not GraphQL
            fields.append(f"{name} {{ {inner} }}")
    return " ".join(fields)


def selected_parts(graphql_type: GraphQLObjectType, sent: Collection[str]) -> set[str]:
    """The parts ``selection`` asks for, of those in ``sent``."""
    return {
        part
        for name, part in parts_of(graphql_type).items()
        if part in sent and not _required_arguments(graphql_type.fields[name])
    }


def _required_arguments(field: GraphQLField) -> bool:
    return any(_required(arg) for arg in field.args.values())


def _required(argument: GraphQLArgument) -> bool:
    return isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined


def selects_image_urls(query: str) -> bool:
    return any(name in query for name in IMAGE_URL_FIELDS)


def _expected_leaf(graphql_type: GraphQLOutputType, value: Any) -> Any:
    nullable = not isinstance(graphql_type, GraphQLNonNull)
    if isinstance(graphql_type, GraphQLNonNull):
        graphql_type = graphql_type.of_type
    if isinstance(graphql_type, GraphQLList):
        return [_expected_leaf(graphql_type.of_type, item) for item in value or []]
    name = named(graphql_type).name
    if name in ("Date", "DateTime"):
        parse = date.fromisoformat if name == "Date" else datetime.fromisoformat
        try:
            return parse(value).isoformat()
        except (TypeError, ValueError):
            return None
    if name in NUMBERS and isinstance(value, str):
        # A few bodies quote numbers ("popularity": "2.26"); msgspec reads them.
        return NUMBERS[name](value)
    if name == "String" and value == "" and nullable:
        return None
    if name == "String" and value is None and not nullable:
        return ""
    return value


def _unwrapped(value: Any) -> Any:
    """TMDB's ``{"results": [...]}`` wrappers (with ``id`` beside it, at times) are the list."""
    if isinstance(value, dict):
        # An empty wrapper (``"translations": {}``) is an empty list.
        lists = [v for v in value.values() if isinstance(v, list)]
        assert len(lists) <= 1, value.keys()
        return lists[0] if lists else []
    return value


def check(graphql_type: GraphQLObjectType, served: Any, tmdb: Any, path: str) -> int:
    """Asserts each served value against TMDB's; returns the number of leaves compared."""
    compared = 0
    for name, value in served.items():
        field = graphql_type.fields[name]
        key = python_name(field)
        target = named(field.type)
        where = f"{path}.{name}"
        derived = DERIVED.get((graphql_type.name, name))
        if derived is not None:
            assert value == derived(tmdb), f"{where}: served {value!r}"
            compared += 1
            continue
        if isinstance(target, GraphQLObjectType):
            source_of = SOURCES.get((graphql_type.name, name))
            source = source_of(tmdb) if source_of else tmdb.get(key)
            if value is None:
                assert not source, f"{where}: served null, TMDB sent {source!r}"
            elif isinstance(value, list):
                source = _unwrapped(source) or []
                assert len(value) == len(source), where
                for i, (item, raw) in enumerate(zip(value, source, strict=True)):
                    compared += check(target, item, raw, f"{where}[{i}]")
            else:
                compared += check(target, value, source or {}, where)
            continue
        if field.args and name in IMAGE_URL_FIELDS:
            # A derived URL: ``poster_url(size)`` is built from ``poster_path``.
            [size] = field.args.values()
            path_value = tmdb.get(key.removesuffix("_url") + "_path")
            expected = (
                f"{RECORDED_BASE_URL}{size.default_value.value}{path_value}" if path_value else None
            )
        else:
            expected = _expected_leaf(field.type, tmdb.get(key))
        assert value == expected, f"{where}: served {value!r}, TMDB sent {tmdb.get(key)!r}"
        compared += 1
    return compared


# The list roots (search, discover, trending, charts), each with the arguments that pick its
# row: trending's kinds are four rows.
LIST_ROOTS = [
    *(
        (field, "")
        for (type_name, field) in LIST_LOADS
        if type_name == "Query" and field != "trending"
    ),
    *(
        ("trending", f"mediaType: {kind}, timeWindow: WEEK")
        for kind in ("ALL", "MOVIE", "TV", "PERSON")
    ),
]


def summaries(item: GraphQLNamedType) -> str:
    """``__typename`` and every field the summaries of ``item`` (a kind, or a union of kinds)
    serve, in a fragment on each."""
    members = item.types if isinstance(item, GraphQLUnionType) else [item]
    fragments = []
    for member in members:
        assert isinstance(member, GraphQLObjectType)
        # A kind's summary serves some of its type's fields; a keyword or a company of a
        # search is whole.
        kind = kind_named(member.name)
        only = None if kind is None else served(member, kind)
        fragments.append(f"... on {member.name} {{ {selection(member, (), only)} }}")
    return "__typename " + " ".join(fragments)


def list_root_query(field: str, arguments: str) -> str:
    """A query of a list root's first page: its page fields, and every field its results'
    summaries serve through ``results`` and ``edges`` alike (``"batman"`` where it needs a
    query)."""
    assert SCHEMA.query_type is not None
    root = SCHEMA.query_type.fields[field]
    required = [f'{name}: "batman"' for name, arg in root.args.items() if _required(arg)]
    given = ", ".join(filter(None, [arguments, *required]))
    connection = named(root.type)
    assert isinstance(connection, GraphQLObjectType)
    items = summaries(named(connection.fields["results"].type))
    call = f"{field}({given})" if given else field
    return (
        f"{{ {call} {{ page totalPages totalResults results {{ {items} }} "
        f"edges {{ cursor node {{ {items} }} }} }} }}"
    )
