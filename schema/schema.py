"""The executable schema: types, one cached parse and validation per query text, error logging."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from schema.documents import DocumentCache
from schema.errors import log_errors
from schema.query import Query
from schema.scalars import SCALARS


class GatewaySchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_errors(errors)


def build_schema() -> GatewaySchema:
    # A class, not an instance: strawberry builds extensions per request for isolation.
    return GatewaySchema(
        query=Query, extensions=[DocumentCache], config=StrawberryConfig(scalar_map=SCALARS)
    )
