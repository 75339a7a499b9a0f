"""The executable schema: types, limits built once, parse and validation caching, error codes."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)
from strawberry.extensions.query_depth_limiter import create_validator
from strawberry.types import ExecutionContext

from schema.errors import log_errors
from schema.query import Query

MAX_DEPTH = 10
MAX_TOKENS = 2_000

# Built once: ValidationCache keys on the rule classes, so a rule class made per request (as
# QueryDepthLimiter's constructor does) would make every validation a cache miss.
_DEPTH_RULE = create_validator(MAX_DEPTH, None)


class GatewaySchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_errors(errors)


def _extensions() -> list[Any]:
    # Factories, not instances: strawberry builds extensions per request for isolation.
    factories: list[Any] = [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: AddValidationRules([_DEPTH_RULE]),
        lambda: ParserCache(maxsize=1024),
        lambda: ValidationCache(maxsize=1024),
    ]
    return factories


def build_schema() -> GatewaySchema:
    return GatewaySchema(query=Query, extensions=_extensions())
