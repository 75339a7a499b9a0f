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
from dataclasses import dataclass
from typing import Final

from graphql import DocumentNode, GraphQLError, OperationDefinitionNode, parse
from strawberry.extensions import SchemaExtension
from strawberry.extensions.query_depth_limiter import create_validator
from strawberry.schema.schema import validate_document

from schema.cost import DEFAULT_BUDGET, Budget, DocumentCost, OverBudgetError
from schema.errors import AmbiguousOperationError, EstimatedCostError

MAX_DEPTH: Final = 10
MAX_TOKENS: Final = 2_000
MAX_DOCUMENTS: Final = 1_024

# Built once: a rule class made per request would also defeat any cache keyed on the rules.
DEPTH_RULE: Final = create_validator(MAX_DEPTH, None)


@dataclass(slots=True)
class _Document:
    node: DocumentNode
    operations: int
    errors: list[GraphQLError] | None = None  # None until validated
    cost: DocumentCost | None = None  # made when first priced


def _document(query: str) -> _Document:
    # graphql-core 3.3 accepts `credits { }` by default, and strawberry's depth rule then fails
    # on it with a ValueError: an INTERNAL_SERVER_ERROR and a logged trace for a typo.
    return _parsed(parse(query, max_tokens=MAX_TOKENS, allow_empty_selection_sets=False))


def _parsed(node: DocumentNode) -> _Document:
    return _Document(node, sum(isinstance(d, OperationDefinitionNode) for d in node.definitions))


_documents: OrderedDict[str, _Document] = OrderedDict()


class DocumentCache(SchemaExtension):
    def __init__(self, budget: Budget = DEFAULT_BUDGET) -> None:
        self._budget = budget

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query:
            document = _documents.get(query)
            if document is None:
                document = _documents[query] = _document(query)
                if len(_documents) > MAX_DOCUMENTS:
                    _documents.popitem(last=False)
            else:
                _documents.move_to_end(query)
            # Strawberry would run the first operation; GraphQL says the client must choose.
            # The name it was given is only kept privately (``operation_name`` falls back).
            if document.operations > 1 and context._provided_operation_name is None:
                raise AmbiguousOperationError
            context.graphql_document = document.node
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        node = context.graphql_document
        document = _documents.get(context.query or "")
        if node is not None:
            if document is None or document.node is not node:
                # Parsed elsewhere (or evicted since): checked all the same, but not kept.
                document = _parsed(node)
            if document.errors is None:
                document.errors = validate_document(
                    context.schema._schema,
                    document.node,
                    (*context.validation_rules, DEPTH_RULE),
                )
            refusal = self._refusal(document) if not document.errors else None
            context.pre_execution_errors = [refusal] if refusal else document.errors
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
