"""The selection planner: which TMDB parts a field's selection needs, worked out once at the parent.

A resolver that fetches an entity calls ``selected_parts`` with its own ``info`` and a map from
GraphQL field name to TMDB part. The walk follows aliases, named fragments and inline fragments,
and honours ``@skip``/``@include``, so a part is requested exactly when some field that needs it
will be executed.

A list of summaries (schema/summary.py) calls ``selected_fields`` for the fields selected on its
items of one object type, found below its own field along a path (``("node",)`` below a
connection's ``edges``); fragments apply as graphql-core applies them, by type condition.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graphql import (
    BooleanValueNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    SelectionSetNode,
    VariableNode,
    is_abstract_type,
    is_object_type,
)
from strawberry.types import Info


def selected_parts(info: Info[Any, Any], parts_by_field: Mapping[str, str]) -> tuple[str, ...]:
    """The TMDB parts, in a stable order, that the current field's selection needs."""
    raw = info._raw_info
    names: set[str] = set()
    for node in raw.field_nodes:
        if node.selection_set is not None:
            _collect(node.selection_set, raw.fragments, info.variable_values, names, set())
    return tuple(sorted({parts_by_field[n] for n in names if n in parts_by_field}))


def selected_fields(
    info: Info[Any, Any], type_name: str, path: tuple[str, ...] = ()
) -> frozenset[str]:
    """The names of the fields selected on items of the object type ``type_name``, below the
    current field and then the fields named by ``path`` (whatever their aliases)."""
    raw = info._raw_info
    sets = [node.selection_set for node in raw.field_nodes if node.selection_set is not None]
    walk = _TypedWalk(raw.schema, raw.fragments, info.variable_values)
    # Each step of the path is a field of the type between: its own type condition does not
    # narrow to ``type_name``, which is the type of the last step's items.
    for step in path:
        sets = [
            field.selection_set
            for selection_set in sets
            for field in walk.fields(selection_set, None)
            if field.name.value == step and field.selection_set is not None
        ]
    return frozenset(
        field.name.value
        for selection_set in sets
        for field in walk.fields(selection_set, type_name)
    )


class _TypedWalk:
    """Field nodes of a selection set that apply to one object type (or to any, for ``None``)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self._schema = schema
        self._fragments = fragments
        self._variables = variables

    def fields(self, selection_set: SelectionSetNode, type_name: str | None) -> list[FieldNode]:
        found: list[FieldNode] = []
        self._fields(selection_set, type_name, found, set())
        return found

    def _fields(
        self,
        selection_set: SelectionSetNode,
        type_name: str | None,
        found: list[FieldNode],
        visited: set[str],
    ) -> None:
        for selection in selection_set.selections:
            if not _included(selection.directives or (), self._variables):
                continue
            if isinstance(selection, FieldNode):
                found.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if self._applies(selection.type_condition, type_name):
                    self._fields(selection.selection_set, type_name, found, visited)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self._fragments.get(name)
                if (
                    fragment is not None
                    and name not in visited
                    and self._applies(fragment.type_condition, type_name)
                ):
                    visited.add(name)
                    self._fields(fragment.selection_set, type_name, found, visited)

    def _applies(self, condition: NamedTypeNode | None, type_name: str | None) -> bool:
        if condition is None or type_name is None or condition.name.value == type_name:
            return True
        conditional = self._schema.get_type(condition.name.value)
        concrete = self._schema.get_type(type_name)
        return (
            is_abstract_type(conditional)
            and is_object_type(concrete)
            and self._schema.is_sub_type(conditional, concrete)
        )


def _collect(
    selection_set: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    names: set[str],
    visited: set[str],
) -> None:
    for selection in selection_set.selections:
        if not _included(selection.directives or (), variables):
            continue
        if isinstance(selection, FieldNode):
            names.add(selection.name.value)
        elif isinstance(selection, InlineFragmentNode):
            _collect(selection.selection_set, fragments, variables, names, visited)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in visited:
                visited.add(name)
                _collect(fragment.selection_set, fragments, variables, names, visited)


def _included(directives: Iterable[Any], variables: Mapping[str, Any]) -> bool:
    for directive in directives:
        name = directive.name.value
        if name not in ("skip", "include"):
            continue
        condition = False
        for argument in directive.arguments or ():
            if argument.name.value != "if":
                continue
            value = argument.value
            if isinstance(value, VariableNode):
                condition = bool(variables.get(value.name.value))
            elif isinstance(value, BooleanValueNode):
                condition = value.value
        if (name == "skip") == condition:
            return False
    return True
