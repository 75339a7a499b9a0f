"""The price of an operation before it runs: the TMDB requests it can cause, the fields it resolves.

Pricing happens in two steps, so that a repeated query costs little:

1. ``schema/plan.py`` plans the operation: fragments expanded, fields merged by response key as
   graphql-core merges them. A plan depends only on the document and its ``@skip``/``@include``
   values, and is kept with the document (``DocumentCost``).
2. The walk prices a plan under one request's variables. An entity-loading field (see
   ``schema/pricing.py``) adds its entity's key: ``(row, id, language)`` when the id is an
   argument, so aliases of one movie count once, as the loaders coalesce them; otherwise the
   path it was reached by from the entity above, so each item of the list above it counts once.
   A list root adds one key per TMDB page its window spans, and its lists hold the window's
   results; a list below an entity (a keyword's movies) does too, its keys relative to the
   entity, as an id read from data is. An item of a list served by the summary rule adds its
   entity's key only when its selection names a field its summary lacks. A list multiplies what
   is below it by ``first``, or by its bound. Introspection is priced exactly, against the schema.

The walk prices what is below an entity relative to that entity, so the price of a selection is
found once per (selection, path, language) and then reused: for every alias and every entity it
sits under, and, where no argument below it is a variable, for every later request of the same
document. A fragment bomb of depth n costs O(n) steps however many fields it expands to.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Final

from graphql import (
    DocumentNode,
    GraphQLSchema,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    TypeMetaFieldDef,
    Undefined,
    value_from_ast_untyped,
)

from schema.errors import BadInputError
from schema.imagebase import IMAGE_CONFIGURATION, IMAGE_URL_FIELDS
from schema.inputs import is_language
from schema.pages import window
from schema.plan import (
    PlannedField,
    PlanTooLargeError,
    Selection,
    condition_variables,
    operation,
    plan,
)
from schema.pricing import (
    ENTITY_LOADS,
    FIRST,
    LIST_LOADS,
    ONE_OF,
    SUMMARY_LISTS,
    WINDOW_ARGUMENTS,
    list_bound,
)
from schema.summary import kind_named

# Plans kept per document, one per combination of @skip/@include values seen; and prices of
# variable-free selections kept per document.
MAX_PLANS: Final = 8
MAX_KEPT_PRICES: Final = 512


@dataclass(frozen=True, slots=True)
class Budget:
    """What one operation may cost: TMDB requests, and fields resolved (README, "Cost")."""

    max_upstream_calls: int = 100
    max_fields: int = 20_000


DEFAULT_BUDGET: Final = Budget()


@dataclass(frozen=True, slots=True)
class Cost:
    calls: int  # the most TMDB requests the operation can cause
    fields: int  # the most fields it can resolve


class OverBudgetError(Exception):
    """The walk stopped early: the operation resolves at least ``fields`` fields."""

    def __init__(self, fields: int) -> None:
        super().__init__(f"at least {fields} fields")
        self.fields = fields


# An entity's key. ("id", row, id, language): an id known before execution. ("each", root,
# chain): ids read from data, reached from ``root`` (a known entity's key, or None for "the
# entity above") through ``chain``, one (path, row, language) step per entity on the way.
_Key = tuple[Hashable, ...]
# Where a selection sits: its path of (field, arguments) from the entity above, and the language
# entities below it inherit.
_Scope = tuple[tuple[Hashable, ...], Hashable]


@dataclass(frozen=True, slots=True)
class _Summary:
    fields: int
    # Entity key -> how many entities it stands for: 1 for a known id; for ids read from data,
    # the product of the list sizes between it and its root.
    entities: Mapping[_Key, int]

    def times(self, n: int) -> _Summary:
        """What n items of a list cost: entities relative to the list's owner are n times more."""
        entities = {
            k: v * n if k[0] == "each" and k[1] is None else v for k, v in self.entities.items()
        }
        return _Summary(self.fields * n, entities)


_NOTHING: Final = _Summary(0, {})
_IMAGES: Final[Mapping[_Key, int]] = {("id", IMAGE_CONFIGURATION, (), None): 1}


class DocumentCost:
    """Prices the operations of one document; keeps what depends only on the document."""

    __slots__ = ("_conditions", "_document", "_kept", "_operations", "_plans", "_schema")

    def __init__(self, schema: GraphQLSchema, document: DocumentNode) -> None:
        self._schema = schema
        self._document = document
        self._conditions = condition_variables(document)
        # Operation name -> its definition and its variables' defaults.
        self._operations: dict[str | None, tuple[OperationDefinitionNode, dict[str, Any]]] = {}
        self._plans: OrderedDict[Hashable, Selection] = OrderedDict()
        self._kept: dict[Hashable, Any] = {}

    def _operation(self, name: str | None) -> tuple[OperationDefinitionNode, dict[str, Any]] | None:
        found = self._operations.get(name)
        if found is None:
            definition = operation(self._document, name)
            if definition is None:
                return None
            defaults = {
                variable.variable.name.value: value_from_ast_untyped(variable.default_value)
                for variable in definition.variable_definitions or ()
                if variable.default_value is not None
            }
            found = self._operations[name] = (definition, defaults)
        return found

    def estimate(
        self, operation_name: str | None, variables: Mapping[str, Any] | None, *, max_steps: int
    ) -> Cost:
        """The operation's cost under one request's variables (raw, as the client sent them).

        Raises ``OverBudgetError`` once the walk has found more than ``max_steps`` fields: each
        step of the walk is a field at a distinct place in the response.
        """
        found = self._operation(operation_name)
        if found is None:
            return Cost(0, 0)  # graphql-core answers "unknown operation" and runs nothing
        definition, defaults = found
        values = {**defaults, **variables} if variables else defaults
        key = (operation_name, tuple(values.get(name) is True for name in self._conditions))
        selection = self._plans.get(key)
        if selection is None:
            try:
                selection = plan(self._schema, self._document, definition, values, _priced)
            except PlanTooLargeError:
                raise OverBudgetError(max_steps + 1) from None
            self._plans[key] = selection
            if len(self._plans) > MAX_PLANS:
                self._plans.popitem(last=False)
        if len(self._kept) > MAX_KEPT_PRICES:
            self._kept.clear()
        summary = _Walk(self._schema, values, self._kept, max_steps).selection(
            selection, ((), None)
        )
        return Cost(calls=sum(summary.entities.values()), fields=summary.fields)


class _Walk:
    """One request's walk over a plan; each step is a distinct position in the response."""

    def __init__(
        self,
        schema: GraphQLSchema,
        variables: dict[str, Any],
        kept: dict[Hashable, Any],
        max_steps: int,
    ) -> None:
        self._schema = schema
        self._variables = variables
        self._kept = kept
        self._memo: dict[Hashable, Any] = {}
        self._steps_left = self._max_steps = max_steps
        self._root = schema.query_type.name if schema.query_type else "Query"

    def _step(self) -> None:
        self._steps_left -= 1
        if self._steps_left < 0:
            raise OverBudgetError(self._max_steps + 1)

    def selection(self, selection: Selection, scope: _Scope) -> _Summary:
        memo = self._memo if selection.dynamic else self._kept
        # Keyed by the selection itself, not its id: a kept price must not outlive its plan.
        key = (selection, scope)
        summary: _Summary | None = memo.get(key)
        if summary is None:
            self._step()
            # An image URL needs the image base from /configuration: one request per operation
            # at most, and none once the process has it (schema/imagebase.py).
            own = _IMAGES if selection.names & IMAGE_URL_FIELDS else {}
            summary = _merged(
                [_Summary(selection.leaves, own)]
                + [self._field(field, scope) for field in selection.branches]
            )
            memo[key] = summary
        return summary

    def _arguments(self, field: PlannedField) -> dict[str, Any]:
        values = {}
        for argument in field.arguments:
            value = value_from_ast_untyped(argument.value, self._variables)
            if value is not Undefined:
                values[argument.name.value] = value
        return values

    def _field(self, field: PlannedField, scope: _Scope, count: int | None = None) -> _Summary:
        """What ``field`` costs; ``count``, when given, is how many items a list field holds."""
        arguments = self._arguments(field) if field.arguments else {}
        if field.definition is SchemaMetaFieldDef or field.definition is TypeMetaFieldDef:
            return _Summary(1 + self._introspect_root(field, arguments), {})
        path, language = scope
        row = LIST_LOADS.get((field.parent, field.name))
        if row is not None:
            return self._list_root(field, arguments, scope, row)
        loads = ENTITY_LOADS.get((field.parent, field.name))
        served: frozenset[str] | None = None
        if loads is not None and loads.served_without is not None:
            # An entity its parent embeds: priced by the summary rule, as a list's items are.
            served, loads = loads.served_without, None
        if loads is None:
            child = ((*path, _step(field, arguments)), language)
            items = SUMMARY_LISTS.get((field.parent, field.name))
            if served is not None:
                below = self._items(field, child, (), served)
            elif items is not None:
                below = self._items(field, child, items)
            else:
                below = self._variants(field, child)
            if field.is_list:
                below = below.times(_size(field, arguments, count))
            return _Summary(1 + below.fields, below.entities)
        if loads.language_argument is not None and loads.language_argument in arguments:
            language = _hashable(arguments[loads.language_argument] or None)
        if language is not None and not is_language(language):
            return _Summary(1, {})  # refused as BAD_USER_INPUT before any request
        if isinstance(loads.id_argument, tuple):
            ids = tuple(_hashable(arguments.get(name)) for name in loads.id_argument)
            key: _Key = ("id", loads.resource, ids, language)
        elif loads.id_argument is not None:
            key = ("id", loads.resource, _hashable(arguments.get(loads.id_argument)), language)
        else:
            key = ("each", None, (((*path, _step(field, arguments)), loads.resource, language),))
        below = self._variants(field, ((), language))
        entities = {_rebased(k, key): v for k, v in below.entities.items()}
        if not field.is_list:
            if loads.needed is None or any(loads.needed(v) for v in field.variants):
                entities[key] = 1
            return _Summary(1 + below.fields, entities)
        # One request answers the whole list (the genres): what is below it counts per item.
        listed = _Summary(below.fields, entities).times(_size(field, arguments, count))
        return _Summary(1 + listed.fields, {**listed.entities, key: 1})

    def _list_root(
        self, field: PlannedField, arguments: Mapping[str, Any], scope: _Scope, row: str
    ) -> _Summary:
        """A window of a list: one request per TMDB page it spans, its lists holding it."""
        path, language = scope
        if "language" in arguments:
            language = _hashable(arguments["language"] or None)
        try:
            within = window(arguments.get("page"), arguments.get(FIRST), arguments.get("after"))
        except (BadInputError, TypeError, AttributeError):
            within = None
        if within is None or (language is not None and not is_language(language)):
            return _Summary(1, {})  # refused as BAD_USER_INPUT before any request
        chosen = _frozen(
            {k: v for k, v in arguments.items() if k not in WINDOW_ARGUMENTS and k != "language"}
        )
        # Aliases of one list share its pages, as the loaders share them; its items' entities
        # are relative to the list.
        identity = (field.name, chosen)
        if field.parent == self._root:
            root: _Key = ("id", row, identity, language)
        else:
            # A list of the entity above (a keyword's movies): one per entity it is reached from,
            # as an entity whose id comes from its parent's data is.
            root = ("each", None, (((*path, identity), row, language),))
        scope = ((), language)
        summaries = []
        for variant in field.variants:
            parts = [_Summary(variant.leaves, {})]
            for branch in variant.branches:
                parts.append(self._field(branch, scope, within.count if branch.is_list else None))
            summaries.append(_merged(parts))
        below = _dearest(summaries)
        entities = {_rebased(k, root): v for k, v in below.entities.items()}
        for number in within.pages:
            entities[_page(root, number)] = 1
        return _Summary(1 + below.fields, entities)

    def _items(
        self,
        field: PlannedField,
        scope: _Scope,
        path: tuple[str, ...],
        served: frozenset[str] | None = None,
    ) -> _Summary:
        """The items of a field served by the summary rule, found ``path`` below ``field``:
        their summaries serve ``served``, or what their kind's serve."""
        summaries = []
        for variant in field.variants:
            if not path:
                summaries.append(self._item(variant, scope, served))
                continue
            parts = [_Summary(variant.leaves, {})]
            for branch in variant.branches:
                if branch.name != path[0]:
                    parts.append(self._field(branch, scope))
                    continue
                arguments = self._arguments(branch) if branch.arguments else {}
                child = ((*scope[0], _step(branch, arguments)), scope[1])
                inner = self._items(branch, child, path[1:], served)
                parts.append(_Summary(1 + inner.fields, inner.entities))
            summaries.append(_merged(parts))
        return _dearest(summaries)

    def _item(self, selection: Selection, scope: _Scope, served: frozenset[str] | None) -> _Summary:
        """An item: its summary's fields cost nothing; any other field, its entity's details."""
        if served is None:
            kind = kind_named(selection.type_name)
            served = None if kind is None else kind.served
        if served is None or selection.names <= served:
            return self.selection(selection, scope)
        path, language = scope
        # One key for the item whatever its type: an item of a union is one entity at most.
        key: _Key = ("each", None, ((path, "item", language),))
        below = self.selection(selection, ((), language))
        entities = {_rebased(k, key): v for k, v in below.entities.items()}
        entities[key] = 1
        return _Summary(below.fields, entities)

    def _variants(self, field: PlannedField, scope: _Scope) -> _Summary:
        """What is below a field; for an abstract type, the dearest of its object types."""
        summaries = [self.selection(variant, scope) for variant in field.variants]
        if len(summaries) == 1:
            return summaries[0]
        if not summaries:
            return _NOTHING
        return _Summary(
            max(s.fields for s in summaries), _merged_entities([s.entities for s in summaries])
        )

    def _introspect_root(self, field: PlannedField, arguments: Mapping[str, Any]) -> int:
        if field.name == "__schema":
            value: Any = self._schema
        else:
            name = arguments.get("name")
            value = self._schema.get_type(name) if isinstance(name, str) else None
        if value is None:
            return 0
        return self._introspect(field.variants[0], value)

    def _introspect(self, selection: Selection, value: Any) -> int:
        """The fields ``selection`` resolves on one introspection object, counted exactly.

        Lists of fields, arguments and enum values come from graphql-core's own resolvers as
        ``(name, definition)`` pairs; the definition is what the count depends on.
        """
        memo = self._memo if selection.dynamic else self._kept
        key = (selection, id(value[1] if isinstance(value, tuple) else value))
        total: int | None = memo.get(key)
        if total is not None:
            return total
        self._step()
        total = selection.leaves
        for field in selection.branches:
            total += 1
            resolve = field.definition.resolve if field.definition else None
            # graphql-core's introspection resolvers read only ``info.schema``.
            info: Any = SimpleNamespace(schema=self._schema)
            result = resolve(value, info, **self._arguments(field)) if resolve else None
            if result is None:
                continue
            below = field.variants[0]
            if field.is_list:
                total += sum(self._introspect(below, item) for item in result)
            else:
                total += self._introspect(below, result)
        memo[key] = total
        return total


def _priced(parent: str, name: str) -> bool:
    """Whether a field costs requests of its own, whatever it returns."""
    return (parent, name) in ENTITY_LOADS or (parent, name) in LIST_LOADS


def _size(field: PlannedField, arguments: Mapping[str, Any], count: int | None) -> int:
    """How many items a list field is priced at: ``count`` when its window says, else its
    ``first``, else its bound."""
    if count is not None:
        return count
    first = arguments.get(FIRST)
    if isinstance(first, int) and not isinstance(first, bool):
        return max(first, 0)
    return list_bound(field.parent, field.name)


def _step(field: PlannedField, arguments: Mapping[str, Any]) -> Hashable:
    """One step of a path: the field and its arguments (aliases do not change what it is);
    fields of which one at most is not null share theirs (``ONE_OF``)."""
    name = ONE_OF.get((field.parent, field.name), field.name)
    return (name, tuple(sorted((k, _hashable(v)) for k, v in arguments.items())))


def _page(root: _Key, number: int) -> _Key:
    """The key of page ``number`` of the list ``root`` names."""
    if root[0] == "id":
        kind, row, identity, language = root
        return (kind, row, (identity, number), language)
    chain: tuple[tuple[tuple[Hashable, ...], Hashable, Hashable]] = root[2]  # type: ignore[assignment]
    ((where, row, language),) = chain
    return ("each", None, (((*where, number), row, language),))


def _rebased(key: _Key, entity: _Key) -> _Key:
    """A key relative to ``entity``, made relative to what ``entity`` is relative to."""
    if key[0] != "each" or key[1] is not None:
        return key  # known ids and keys with a known root are where they are
    chain: tuple[Hashable, ...] = key[2]  # type: ignore[assignment]
    if entity[0] == "id":
        return ("each", entity, chain)
    return ("each", entity[1], (*entity[2], *chain))  # type: ignore[misc]


def _dearest(summaries: list[_Summary]) -> _Summary:
    """Of the object types a field can return, what the dearest costs (entities merged)."""
    if len(summaries) == 1:
        return summaries[0]
    if not summaries:
        return _NOTHING
    return _Summary(
        max(s.fields for s in summaries), _merged_entities([s.entities for s in summaries])
    )


def _merged(summaries: list[_Summary]) -> _Summary:
    if len(summaries) == 1:
        return summaries[0]
    return _Summary(
        sum(s.fields for s in summaries), _merged_entities([s.entities for s in summaries])
    )


def _merged_entities(parts: list[Mapping[_Key, int]]) -> Mapping[_Key, int]:
    """Siblings reach the same key only for the same entities: it counts once, the most wins."""
    nonempty = [part for part in parts if part]
    if len(nonempty) <= 1:
        return nonempty[0] if nonempty else {}
    merged = dict(nonempty[0])
    for part in nonempty[1:]:
        for key, count in part.items():
            if count > merged.get(key, 0):
                merged[key] = count
    return merged


def _frozen(value: Any) -> Hashable:
    """An argument's value, input objects and lists included, as part of a key."""
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return _hashable(value)


def _hashable(value: Any) -> Hashable:
    """An argument's value as part of a key; anything but a scalar fails coercion anyway."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return "<invalid>"
