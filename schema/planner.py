"""The selection planner: which TMDB parts a field's selection needs, worked out once at the parent.

A resolver that fetches an entity calls ``selected_parts`` with its own ``info`` and a map from
GraphQL field name to TMDB part. The walk follows aliases, named fragments and inline fragments,
and honours ``@skip``/``@include``, so a part is requested exactly when some field that needs it
will be executed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graphql import (
    BooleanValueNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
    VariableNode,
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
