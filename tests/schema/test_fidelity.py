"""Every real TMDB details body in the fixtures, served through the schema, value for value.

The query selects every leaf of the root type and of each object type below it that needs no
other entity, built from the schema itself: a field added to the schema is checked here without
editing this file. Each value is compared with TMDB's own: blank strings become null, dates stay
ISO strings, a wrapper object holding one list (``videos``, ``keywords``) is that list, and an
image path's ``xUrl`` is the CDN URL at the argument's default size.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any

import httpx
import pytest
import respx
from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    Undefined,
    is_abstract_type,
)

from gateway.config import Settings
from schema.images import IMAGE_BASE_URL
from schema.movie import Movie
from schema.person import Person
from schema.schema import build_schema
from schema.tv import TVShow
from tests.helpers import FIXTURES, fixture_json, gateway_client, graphql, ok, upstream_calls

SCHEMA: GraphQLSchema = build_schema()._schema
PARTS = {"movie": Movie.PARTS, "person": Person.PARTS, "tv": TVShow.PARTS}
NUMBERS = {"Int": int, "BigInt": int, "Float": float}
BODIES = sorted(path.name for kind in PARTS for path in FIXTURES.glob(f"{kind}_details*.json"))


def _named(graphql_type: GraphQLOutputType) -> GraphQLNamedType:
    while isinstance(graphql_type, GraphQLNonNull | GraphQLList):
        graphql_type = graphql_type.of_type
    return graphql_type


def _python_name(field: GraphQLField) -> str:
    """TMDB's key for a field: the attribute name strawberry serves it from (``iso_639_1``)."""
    name: str = field.extensions["strawberry-definition"].python_name
    return name


def _entity_types() -> set[str]:
    """Types fetched by a root field: reaching one from below costs another TMDB request."""
    query = SCHEMA.query_type
    assert query is not None
    return {_named(field.type).name for field in query.fields.values()}


def _selection(
    graphql_type: GraphQLObjectType, body: dict[str, Any], parts: Mapping[str, str]
) -> str:
    """Every leaf, and every object field servable from ``body`` (a part only if TMDB sent it)."""
    entities = _entity_types()
    fields = []
    for name, field in graphql_type.fields.items():
        if any(
            isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined
            for arg in field.args.values()
        ):
            continue  # a required argument the walk cannot choose (none below a root today)
        target = _named(field.type)
        if is_abstract_type(target):
            continue  # a union of entities (what a person is known for): none in a details body
        if not isinstance(target, GraphQLObjectType):
            fields.append(name)
        elif target.name in entities:
            continue  # another entity: its own upstream request
        else:
            if name in parts and parts[name] not in body:
                continue  # TMDB was not asked for this part, so it sent none
            inner = _selection(target, {}, {})
            if inner:  # an empty selection set is not GraphQL
                fields.append(f"{name} {{ {inner} }}")
    return " ".join(fields)


def _expected_leaf(graphql_type: GraphQLOutputType, value: Any) -> Any:
    nullable = not isinstance(graphql_type, GraphQLNonNull)
    if isinstance(graphql_type, GraphQLNonNull):
        graphql_type = graphql_type.of_type
    if isinstance(graphql_type, GraphQLList):
        return [_expected_leaf(graphql_type.of_type, item) for item in value or []]
    name = _named(graphql_type).name
    if name == "Date":
        try:
            return date.fromisoformat(value).isoformat()
        except (TypeError, ValueError):
            return None
    if name in NUMBERS and isinstance(value, str):
        return NUMBERS[name](
            value
        )  # a few bodies quote numbers ("popularity": "2.26"), msgspec reads them
    if name == "String" and value == "" and nullable:
        return None
    if name == "String" and value is None and not nullable:
        return ""
    return value


def _unwrapped(value: Any) -> Any:
    """TMDB's ``{"results": [...]}`` wrappers (with ``id`` beside it, at times) are the list."""
    if isinstance(value, dict):
        [items] = [v for v in value.values() if isinstance(v, list)]
        return items
    return value


def _check(
    graphql_type: GraphQLObjectType, served: dict[str, Any], tmdb: dict[str, Any], path: str
) -> int:
    """Asserts each served value against TMDB's; returns the number of leaves compared."""
    compared = 0
    for name, value in served.items():
        field = graphql_type.fields[name]
        key = _python_name(field)
        target = _named(field.type)
        where = f"{path}.{name}"
        if isinstance(target, GraphQLObjectType):
            source = tmdb.get(key)
            if isinstance(value, list):
                source = _unwrapped(source)
                assert len(value) == len(source or []), where
                for i, (item, raw) in enumerate(zip(value, source or [], strict=True)):
                    compared += _check(target, item, raw, f"{where}[{i}]")
            else:
                compared += _check(target, value, source or {}, where)
            continue
        if field.args:
            # A derived URL: ``poster_url(size)`` is built from ``poster_path``.
            assert key.endswith("_url"), where
            [size] = field.args.values()
            path_value = tmdb.get(key.removesuffix("_url") + "_path")
            expected = (
                f"{IMAGE_BASE_URL}{size.default_value.value}{path_value}" if path_value else None
            )
        else:
            expected = _expected_leaf(field.type, tmdb.get(key))
        assert value == expected, f"{where}: served {value!r}, TMDB sent {tmdb.get(key)!r}"
        compared += 1
    return compared


@pytest.mark.parametrize("fixture", BODIES)
async def test_every_real_body_serves_every_scalar_as_tmdb_sent_it(
    tmdb: respx.Router, settings: Settings, fixture: str
) -> None:
    kind = fixture.split("_details")[0]
    body = fixture_json(fixture)
    tmdb.get(f"/{kind}/{body['id']}").mock(return_value=ok(fixture))
    query_type = SCHEMA.query_type
    assert query_type is not None
    root_type = _named(query_type.fields[kind].type)
    assert isinstance(root_type, GraphQLObjectType)
    parts = PARTS[kind]

    query = f"{{ {kind}(id: {body['id']}) {{ {_selection(root_type, body, parts)} }} }}"
    # Every field of every image at its list bound prices past the default field budget; this
    # test is about values, so it lifts the budget.
    roomy = dataclasses.replace(settings, max_fields=10**6)
    async with gateway_client(roomy, httpx.MockTransport(tmdb.async_handler)) as client:
        result = await graphql(client, query)

    assert "errors" not in result, result.get("errors")
    compared = _check(root_type, result["data"][kind], body, kind)
    assert compared >= len(root_type.fields) // 2  # the walk really compared the body
    asked = {part for part in parts.values() if part in body}
    assert upstream_calls(tmdb, settings) == [(f"/3/{kind}/{body['id']}", asked)]
