"""The executable schema: types, one cached parse, validation and price per query, logging."""

from __future__ import annotations

from functools import partial

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from schema.cost import DEFAULT_BUDGET, Budget
from schema.documents import DocumentCache, Documents
from schema.errors import log_errors
from schema.limits import Limits
from schema.query import Query
from schema.scalars import SCALARS

DEFAULT_LIMITS = Limits()


class GatewaySchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        context = execution_context.context if execution_context else None
        log_errors(errors, getattr(context, "request_id", None))


def build_schema(
    budget: Budget = DEFAULT_BUDGET, limits: Limits = DEFAULT_LIMITS, *, public: bool = True
) -> GatewaySchema:
    """The schema; documents past ``limits`` are invalid, operations over ``budget`` refused.

    ``public=False`` (production) refuses introspection and keeps "Did you mean" suggestions out
    of validation messages.
    """
    documents = Documents(limits, public)
    # A factory, not an instance: strawberry builds extensions per request for isolation.
    return GatewaySchema(
        query=Query,
        extensions=[partial(DocumentCache, budget, documents)],
        config=StrawberryConfig(scalar_map=SCALARS),
    )
