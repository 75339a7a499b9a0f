"""The executable schema: types, one cached parse, validation and price per query, logging."""

from __future__ import annotations

from functools import partial

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from schema.cost import DEFAULT_BUDGET, Budget
from schema.documents import DocumentCache
from schema.errors import log_errors
from schema.query import Query
from schema.scalars import SCALARS


class GatewaySchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_errors(errors)


def build_schema(budget: Budget = DEFAULT_BUDGET) -> GatewaySchema:
    """The schema; operations over ``budget`` are refused before they run."""
    # A factory, not an instance: strawberry builds extensions per request for isolation.
    return GatewaySchema(
        query=Query,
        extensions=[partial(DocumentCache, budget)],
        config=StrawberryConfig(scalar_map=SCALARS),
    )
