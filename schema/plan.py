"""An operation as graphql-core will execute it, for the cost walk (``schema/cost.py``).

Fragments are expanded and fields merged by response key the way graphql-core's field
collection does it, with ``@skip``/``@include`` decided, so what the plan holds is what will run.
Each field keeps its arguments as syntax: ids, languages and ``first`` may be variables, and are
read per request. A plan depends only on the document and the values of its ``@skip``/
``@include`` variables, so it is built once per document and kept with it.

Planning is memoised per group of merged selection sets and object type: a fragment spread in
many places is planned once, and a plan shares its nodes instead of copying them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from graphql import (
    ArgumentNode,
    BooleanValueNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    ListValueNode,
    NamedTypeNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionNode,
    SelectionSetNode,
    TypeMetaFieldDef,
    ValueNode,
    VariableNode,
    get_named_type,
    is_abstract_type,
    is_object_type,
)

# Selections visited while planning one operation, at most. A document of 2,000 tokens visits a
# few thousand; only a document built to defeat the memo gets near this.
MAX_PLAN_STEPS: Final = 200_000


@dataclass(eq=False, slots=True)
class PlannedField:
    """One response key of a selection: its field nodes merged, as graphql-core merges them."""

    parent: str  # the object type the field is on
    name: str
    definition: GraphQLField | None  # None for __typename
    arguments: tuple[ArgumentNode, ...]
    is_list: bool
    # What is selected below it: one selection per object type it can return, none for a leaf.
    variants: tuple[Selection, ...]


@dataclass(eq=False, slots=True)
class Selection:
    """The merged fields one selection resolves on one object type."""

    leaves: int  # fields with nothing below them: one field each, whatever their arguments
    # Fields with a selection below them, and those that cost requests whatever they return
    # (a configuration list of strings).
    branches: tuple[PlannedField, ...]
    # Whether an argument of a branch, here or below, is a variable: then its price can change
    # from one request to the next, and is not kept.
    dynamic: bool
    type_name: str = ""  # the object type
    # The names of its fields (not their aliases), leaves included: what a summary must hold to
    # serve them (schema/summary.py, and ``Loads.served_without``).
    names: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        fields: Sequence[PlannedField],
        type_name: str = "",
        priced: Callable[[str, str], bool] = lambda parent, name: False,
    ) -> Selection:
        branches = tuple(f for f in fields if f.variants or priced(f.parent, f.name))
        dynamic = any(
            any(_has_variable(a.value) for a in f.arguments) or any(v.dynamic for v in f.variants)
            for f in branches
        )
        names = frozenset(f.name for f in fields)
        return cls(len(fields) - len(branches), branches, dynamic, type_name, names)


def _has_variable(value: ValueNode) -> bool:
    if isinstance(value, VariableNode):
        return True
    if isinstance(value, ListValueNode):
        return any(_has_variable(v) for v in value.values)
    if isinstance(value, ObjectValueNode):
        return any(_has_variable(f.value) for f in value.fields)
    return False


class PlanTooLargeError(Exception):
    """The document expands past ``MAX_PLAN_STEPS``: too large to price, and to run."""


def operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    """The operation a request runs: the named one, or the first, as strawberry picks it."""
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
            name is None or (definition.name is not None and definition.name.value == name)
        ):
            return definition
    return None


def condition_variables(document: DocumentNode) -> tuple[str, ...]:
    """The variables any ``@skip``/``@include`` of the document reads, in a stable order."""
    names: set[str] = set()
    for node in _selections(document):
        for directive in node.directives or ():
            if directive.name.value in ("skip", "include"):
                for argument in directive.arguments or ():
                    if isinstance(argument.value, VariableNode):
                        names.add(argument.value.name.value)
    return tuple(sorted(names))


def _selections(document: DocumentNode) -> Iterator[SelectionNode]:
    pending: list[SelectionSetNode] = [
        definition.selection_set
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode)
    ]
    while pending:
        for selection in pending.pop().selections:
            yield selection
            child = getattr(selection, "selection_set", None)
            if child is not None:
                pending.append(child)


def plan(
    schema: GraphQLSchema,
    document: DocumentNode,
    definition: OperationDefinitionNode,
    variables: Mapping[str, Any],
    priced: Callable[[str, str], bool] = lambda parent, name: False,
) -> Selection:
    """The operation's root selection; ``variables`` decide its ``@skip``/``@include``.
    ``priced(type, field)`` says which fields cost requests of their own: branches even when
    nothing is selected below them."""
    root = schema.get_root_type(definition.operation)
    if root is None:  # pragma: no cover - validation rejects an operation the schema lacks
        return Selection(0, (), dynamic=False)
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return _Planner(schema, fragments, variables, priced).selection(
        (definition.selection_set,), root
    )


class _Planner:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        priced: Callable[[str, str], bool],
    ) -> None:
        self._schema = schema
        self._fragments = fragments
        self._variables = variables
        self._priced = priced
        self._memo: dict[tuple[tuple[int, ...], str], Selection] = {}
        self._steps_left = MAX_PLAN_STEPS

    def selection(self, sets: Sequence[SelectionSetNode], type_: GraphQLObjectType) -> Selection:
        key = (tuple(id(s) for s in sets), type_.name)
        planned = self._memo.get(key)
        if planned is None:
            groups: dict[str, list[FieldNode]] = {}
            visited: set[str] = set()
            for selection_set in sets:
                self._collect(selection_set, type_, groups, visited)
            planned = Selection.of(
                [self._field(nodes, type_) for nodes in groups.values()], type_.name, self._priced
            )
            self._memo[key] = planned
        return planned

    def _collect(
        self,
        selection_set: SelectionSetNode,
        type_: GraphQLObjectType,
        groups: dict[str, list[FieldNode]],
        visited: set[str],
    ) -> None:
        for selection in selection_set.selections:
            self._steps_left -= 1
            if self._steps_left < 0:
                raise PlanTooLargeError
            if not self._included(selection):
                continue
            if isinstance(selection, FieldNode):
                key = (selection.alias or selection.name).value
                groups.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if self._applies(selection.type_condition, type_):
                    self._collect(selection.selection_set, type_, groups, visited)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in visited:
                    continue
                visited.add(name)
                fragment = self._fragments.get(name)
                if fragment is not None and self._applies(fragment.type_condition, type_):
                    self._collect(fragment.selection_set, type_, groups, visited)

    def _field(self, nodes: list[FieldNode], parent: GraphQLObjectType) -> PlannedField:
        name = nodes[0].name.value
        definition = self._definition(parent, name)
        sets = [node.selection_set for node in nodes if node.selection_set is not None]
        variants: tuple[Selection, ...] = ()
        is_list = False
        if definition is not None:
            output = definition.type
            if isinstance(output, GraphQLNonNull):
                output = output.of_type
            is_list = isinstance(output, GraphQLList)
            named = get_named_type(output)
            if sets and is_object_type(named):
                variants = (self.selection(sets, named),)
            elif sets and is_abstract_type(named):
                possible = self._schema.get_possible_types(named)
                variants = tuple(self.selection(sets, t) for t in possible)
        return PlannedField(
            parent.name, name, definition, tuple(nodes[0].arguments or ()), is_list, variants
        )

    def _definition(self, parent: GraphQLObjectType, name: str) -> GraphQLField | None:
        if parent is self._schema.query_type:
            if name == "__schema":
                return SchemaMetaFieldDef
            if name == "__type":
                return TypeMetaFieldDef
        field: GraphQLField | None = parent.fields.get(name)  # None for __typename
        return field

    def _applies(self, condition: NamedTypeNode | None, type_: GraphQLObjectType) -> bool:
        if condition is None:
            return True
        conditional = self._schema.get_type(condition.name.value)
        if conditional is type_:
            return True
        return is_abstract_type(conditional) and self._schema.is_sub_type(conditional, type_)

    def _included(self, selection: SelectionNode) -> bool:
        for directive in selection.directives or ():
            name = directive.name.value
            if name not in ("skip", "include"):
                continue
            condition = False
            for argument in directive.arguments or ():
                if argument.name.value != "if":
                    continue
                value = argument.value
                if isinstance(value, VariableNode):
                    condition = self._variables.get(value.name.value) is True
                elif isinstance(value, BooleanValueNode):
                    condition = value.value
            if (name == "skip") == condition:
                return False
        return True
