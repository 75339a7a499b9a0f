"""Parse and validate each distinct query text once, with the limits built in.

One extension, one lookup by the query string: strawberry's ParserCache and ValidationCache are
two extensions whose LRU keys hash the whole document AST on every request, and their limit
rules come as further extensions. Measured on the movie-core query (bench/, in-process), this
cut schema.execute from 220 to ~170 us. A document that fails to parse is not cached: the next
request parses it again and gets the same error.
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

from schema.errors import AmbiguousOperationError

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


def _document(query: str) -> _Document:
    # graphql-core 3.3 accepts `credits { }` by default, and strawberry's depth rule then fails
    # on it with a ValueError: an INTERNAL_SERVER_ERROR and a logged trace for a typo.
    node = parse(query, max_tokens=MAX_TOKENS, allow_empty_selection_sets=False)
    operations = sum(isinstance(d, OperationDefinitionNode) for d in node.definitions)
    return _Document(node, operations)


_documents: OrderedDict[str, _Document] = OrderedDict()


class DocumentCache(SchemaExtension):
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
        document = _documents.get(context.query or "")
        if document is not None and document.node is context.graphql_document:
            if document.errors is None:
                document.errors = validate_document(
                    context.schema._schema,
                    document.node,
                    (*context.validation_rules, DEPTH_RULE),
                )
            context.pre_execution_errors = document.errors
        yield
