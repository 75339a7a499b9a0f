"""Parse and validate each distinct query text once, with the limits built in.

One extension, one lookup by the query string: strawberry's ParserCache and ValidationCache are
two extensions whose LRU keys hash the whole document AST on every request, and their limit
rules come as further extensions. Measured on the movie-core query (bench/, in-process), this
cut schema.execute from 220 to ~170 us. A document that fails to parse is not cached: the next
request parses it again and gets the same error.

A valid operation is then priced (schema/cost.py) before it runs: what depends only on the
document is kept with it, and one over its ``Budget`` is refused with
``COST_ESTIMATED_TOO_EXPENSIVE`` before any TMDB request.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    ValidationRule,
    parse,
    specified_rules,
    validate,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from schema.cost import Budget, DocumentCost, OverBudgetError
from schema.errors import AmbiguousOperationError, EstimatedCostError
from schema.limits import Limits

MAX_DOCUMENTS: Final = 1_024


@dataclass(slots=True)
class _Document:
    node: DocumentNode
    operations: int
    errors: list[GraphQLError] | None = None  # None until validated
    cost: DocumentCost | None = None  # made when first priced


def _parsed(node: DocumentNode) -> _Document:
    return _Document(node, sum(isinstance(d, OperationDefinitionNode) for d in node.definitions))


@dataclass(slots=True)
class Documents:
    """One schema's parsed and validated documents, with the rules they are checked against.

    Per schema, not per process: two schemas with different limits (tests build many) must not
    share validation results. ``public=False`` is production: no introspection, and no "Did you
    mean" in validation messages, which would spell out the schema field by field.
    """

    limits: Limits = field(default_factory=Limits)
    public: bool = True
    rules: tuple[type[ValidationRule], ...] = field(init=False)
    known: OrderedDict[str, _Document] = field(default_factory=OrderedDict, init=False)

    def __post_init__(self) -> None:
        # Strawberry's two rules, which its own validation adds to graphql's.
        rules = [*specified_rules, MaybeNullValidationRule, OneOfInputValidationRule]
        rules.extend(self.limits.rules)
        if not self.public:
            rules.append(NoSchemaIntrospectionCustomRule)
        self.rules = tuple(rules)

    def get(self, query: str) -> _Document:
        document = self.known.get(query)
        if document is None:
            # graphql-core 3.3 accepts `credits { }` by default, and strawberry's depth rule then
            # fails on it with a ValueError: an INTERNAL_SERVER_ERROR and a logged trace for a
            # typo.
            node = parse(query, max_tokens=self.limits.max_tokens, allow_empty_selection_sets=False)
            document = self.known[query] = _parsed(node)
            if len(self.known) > MAX_DOCUMENTS:
                self.known.popitem(last=False)
        else:
            self.known.move_to_end(query)
        return document

    def validate(self, document: _Document, schema: GraphQLSchema) -> list[GraphQLError]:
        if document.errors is None:
            document.errors = validate(
                schema, document.node, self.rules, hide_suggestions=not self.public
            )
        return document.errors


class DocumentCache(SchemaExtension):
    """Made per request by strawberry; ``documents`` is the schema's, shared by all of them."""

    def __init__(self, budget: Budget, documents: Documents) -> None:
        self._budget = budget
        self._documents = documents

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query:
            document = self._documents.get(query)
            # Strawberry would run the first operation; GraphQL says the client must choose.
            # The name it was given is only kept privately (``operation_name`` falls back).
            if document.operations > 1 and context._provided_operation_name is None:
                raise AmbiguousOperationError
            context.graphql_document = document.node
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        node = context.graphql_document
        document = self._documents.known.get(context.query or "")
        if node is not None:
            if document is None or document.node is not node:
                # Parsed elsewhere (or evicted since): checked all the same, but not kept.
                document = _parsed(node)
            errors = self._documents.validate(document, context.schema._schema)
            refusal = self._refusal(document) if not errors else None
            context.pre_execution_errors = [refusal] if refusal else errors
        yield

    def _refusal(self, document: _Document) -> GraphQLError | None:
        """The error refusing this request's operation, if its price is over the budget."""
        context = self.execution_context
        budget = self._budget
        if document.cost is None:
            document.cost = DocumentCost(context.schema._schema, document.node)
        try:
            cost = document.cost.estimate(
                context.operation_name, context.variables, max_steps=budget.max_fields
            )
        except OverBudgetError as exc:
            return _refused("fields", exc.fields, budget.max_fields, at_least=True)
        if cost.calls > budget.max_upstream_calls:
            return _refused("TMDB requests", cost.calls, budget.max_upstream_calls)
        if cost.fields > budget.max_fields:
            return _refused("fields", cost.fields, budget.max_fields)
        return None


def _refused(what: str, cost: int, limit: int, *, at_least: bool = False) -> GraphQLError:
    figure = f"at least {cost:,}" if at_least else f"{cost:,}"
    message = f"The operation could cost {figure} {what}; the limit is {limit:,}."
    return GraphQLError(message, original_error=EstimatedCostError(message, cost=cost, limit=limit))
