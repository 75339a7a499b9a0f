"""Every field that can cost TMDB requests or multiply fields has a price (schema/pricing.py)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from types import CodeType, FunctionType
from typing import Any

from graphql import get_introspection_query

from schema import context
from schema.pricing import ENTITY_LOADS, LIST_BOUNDS, LIST_LOADS, SUMMARY_LISTS
from schema.schema import build_schema

SCHEMA = build_schema()


def introspected_fields() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(type, field, type reference) of every field of the schema's own object types."""
    result = SCHEMA.execute_sync(get_introspection_query())
    assert result.errors is None
    assert result.data is not None
    for type_ in result.data["__schema"]["types"]:
        if type_["kind"] == "OBJECT" and not type_["name"].startswith("__"):
            for field in type_["fields"]:
                yield type_["name"], field["name"], field["type"]


def is_list(reference: dict[str, Any]) -> bool:
    if reference["kind"] == "NON_NULL":
        reference = reference["ofType"]
    return bool(reference["kind"] == "LIST")


def _codes(code: CodeType) -> Iterator[CodeType]:
    yield code
    for constant in code.co_consts:
        if isinstance(constant, CodeType):
            yield from _codes(constant)


# What loads an entity: ``resolve`` for a field's own entity, and ``entity_or_pending`` under it
# for the pages of a list and the details of a summary.
LOADERS = (context.resolve, context.entity_or_pending)


def loads_an_entity(function: Callable[..., Any], seen: set[int] | None = None) -> bool:
    """Whether ``function`` awaits, or calls ``schema.context.resolve`` or
    ``entity_or_pending`` directly or through any function of the ``schema`` package it calls
    (read from its code, lambdas included)."""
    seen = set() if seen is None else seen
    if id(function) in seen or not isinstance(function, FunctionType):
        return False
    seen.add(id(function))
    if inspect.iscoroutinefunction(function):
        return True
    for code in _codes(function.__code__):
        for name in code.co_names:
            called = function.__globals__.get(name)
            if any(called is loader for loader in LOADERS):
                return True
            module = getattr(called, "__module__", "") or ""
            if (
                isinstance(called, FunctionType)
                and module.startswith("schema.")
                and loads_an_entity(called, seen)
            ):
                return True
    return False


def resolver(type_name: str, field_name: str) -> Callable[..., Any] | None:
    graphql_type = SCHEMA._schema.type_map[type_name]
    field = graphql_type.fields[field_name]  # type: ignore[attr-defined]
    definition = field.extensions["strawberry-definition"]
    base = definition.base_resolver
    return base.wrapped_func if base is not None else None


def test_every_list_field_has_a_bound() -> None:
    lists = {(t, f) for t, f, reference in introspected_fields() if is_list(reference)}

    assert lists - LIST_BOUNDS.keys() == set(), "list fields without a bound in LIST_BOUNDS"
    assert LIST_BOUNDS.keys() - lists == set(), "LIST_BOUNDS names fields that are not lists"


def test_every_entity_loading_field_is_priced() -> None:
    loading = set()
    for type_name, field_name, _ in introspected_fields():
        function = resolver(type_name, field_name)
        if function is not None and loads_an_entity(function):
            loading.add((type_name, field_name))

    # Read from the resolvers' code, and equal to the tables both ways: a new field that loads
    # an entity, a list's pages or a summary's details fails here until priced, and so does a
    # stale entry.
    assert loading == set(ENTITY_LOADS) | set(LIST_LOADS) | set(SUMMARY_LISTS)
    assert {("Query", "movie"), ("CastCredit", "person")} <= loading
    assert {("Query", "searchMulti"), ("MultiResultConnection", "edges")} <= loading
    assert not set(ENTITY_LOADS) & set(LIST_LOADS)


def test_the_detector_sees_through_helpers_and_lambdas() -> None:
    def plain(info: Any) -> int:
        return 1

    async def awaiting(info: Any) -> int:
        return 1

    assert not loads_an_entity(plain)
    assert loads_an_entity(awaiting)
    assert loads_an_entity(resolver("Query", "tv") or plain)  # Query.tv -> load_tv -> resolve
