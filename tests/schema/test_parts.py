"""Each entity type names the resource table's row it loads, and its GraphQL field -> TMDB part
map agrees with that row's parts: every part it names is one TMDB appends there, and every field
served from a part is in the map (one missing would never ask TMDB for its part, and read empty).
Issue 8 adds a part by adding its field; these tests say what else it takes.
"""

from __future__ import annotations

import inspect
from typing import Any, get_type_hints

import pytest
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLOutputType

from schema.pricing import ENTITY_LOADS, LIST_LOADS
from schema.schema import build_schema
from tmdbfusion.resources import TABLE

SCHEMA = build_schema()._schema


def origin(graphql_type: GraphQLObjectType) -> Any:
    return graphql_type.extensions["strawberry-definition"].origin


def named(graphql_type: GraphQLOutputType) -> Any:
    while isinstance(graphql_type, GraphQLNonNull | GraphQLList):
        graphql_type = graphql_type.of_type
    return graphql_type


ENTITY_TYPES = sorted(
    name
    for name, graphql_type in SCHEMA.type_map.items()
    if isinstance(graphql_type, GraphQLObjectType)
    and not name.startswith("__")
    and hasattr(origin(graphql_type), "ROW")
)


def python_names(graphql_type: GraphQLObjectType) -> dict[str, str]:
    """GraphQL field name -> the attribute strawberry serves it from."""
    return {
        name: field.extensions["strawberry-definition"].python_name
        for name, field in graphql_type.fields.items()
    }


def test_every_root_and_every_entity_load_returns_an_entity_type() -> None:
    assert ENTITY_TYPES == ["Collection", "Company", "Movie", "Person", "TVShow"]
    query = SCHEMA.query_type
    assert query is not None
    for (parent, field_name), loads in ENTITY_LOADS.items():
        parent_type = SCHEMA.get_type(parent)
        assert isinstance(parent_type, GraphQLObjectType)
        returned = named(parent_type.fields[field_name].type)
        # The price list counts a load of the very row the type is loaded by.
        assert returned.name in ENTITY_TYPES, (parent, field_name)
        assert origin(returned).ROW.name == loads.resource, (parent, field_name)
    # The other roots are lists (schema/pages.py): connections of entities or of keywords.
    for name, field in query.fields.items():
        returned = named(field.type).name
        if ("Query", name) in LIST_LOADS:
            assert returned.endswith("Connection"), name
        else:
            assert returned in ENTITY_TYPES, name


@pytest.mark.parametrize("name", ENTITY_TYPES)
def test_the_parts_map_agrees_with_the_row(name: str) -> None:
    graphql_type = SCHEMA.get_type(name)
    assert isinstance(graphql_type, GraphQLObjectType)
    entity = origin(graphql_type)
    row, parts = entity.ROW, entity.PARTS
    assert TABLE[row.name] is row
    # A row TMDB appends nothing to (a company) serves no field from a part.
    assert row.parts or not parts, f"{row.name} appends no parts"

    fields = python_names(graphql_type)
    assert set(parts.values()) <= set(row.parts), "a part the row does not append"
    assert set(parts) <= set(fields), "a mapped field the type does not have"
    by_struct_field = {part.field: part.name for part in row.parts.values()}
    served_from_parts = {
        graphql: by_struct_field[python]
        for graphql, python in fields.items()
        if python in by_struct_field
    }
    assert served_from_parts == dict(parts)


@pytest.mark.parametrize("name", ENTITY_TYPES)
def test_the_type_is_built_from_its_rows_result(name: str) -> None:
    graphql_type = SCHEMA.get_type(name)
    assert isinstance(graphql_type, GraphQLObjectType)
    entity = origin(graphql_type)
    build = entity.from_tmdb
    first = next(iter(inspect.signature(build).parameters))
    assert get_type_hints(build)[first] is entity.ROW.result
