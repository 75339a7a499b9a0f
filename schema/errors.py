"""GraphQL errors: every error leaves with an ``extensions.code``, and none with internals.

Upstream failures are translated here, in one place, by their class in ``tmdbfusion.errors``,
unless the error names its own ``code`` (the gateway's own refusals, such as its circuit breaker's,
which this package cannot import); the HTTP view applies ``coded`` to every error of every result
it serves.
Anything else a resolver raises is a bug: the client sees "Internal server error" at the right
path, the log gets the stack trace.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Final

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.schema.exceptions import CannotGetOperationTypeError

from tmdbfusion import errors as upstream

logger = logging.getLogger("schema")


class BadInputError(Exception):
    """A well-formed request asked for something impossible (a negative ``first``, say)."""

    code = "BAD_USER_INPUT"


class AmbiguousOperationError(CannotGetOperationTypeError):
    """A document with several operations and no ``operationName``: a request error (400)."""

    def __init__(self) -> None:
        super().__init__(None)

    def as_http_error_reason(self) -> str:
        return "Must provide operationName if the document contains several operations."


def is_bad_input(error: GraphQLError) -> bool:
    """The client's values, not our code, are at fault.

    graphql-core reports a variable its type refuses (``"550"`` or 2^40 for ``Int!``, a missing
    or null required one) as an error with no path wrapping the input type's own GraphQLError.
    """
    original = error.original_error
    if isinstance(original, BadInputError):
        return True
    return error.path is None and isinstance(original, GraphQLError)


class CostError(Exception):
    """An operation over its budget (schema/cost.py); Apollo Router's codes, with the figures."""

    code: str

    def __init__(self, message: str, *, cost: int, limit: int) -> None:
        super().__init__(message)
        self.cost = cost
        self.limit = limit


class EstimatedCostError(CostError):
    """Refused before execution: the static price is over the budget."""

    code = "COST_ESTIMATED_TOO_EXPENSIVE"


class ActualCostError(CostError):
    """A field stopped during execution: its fetch would pass the budget."""

    code = "COST_ACTUAL_TOO_EXPENSIVE"


# Most specific first: the first matching class decides the code.
UPSTREAM_CODES: tuple[tuple[type[upstream.UpstreamError], str], ...] = (
    (upstream.NotFoundError, "NOT_FOUND"),
    (upstream.AuthenticationError, "UPSTREAM_UNAUTHORIZED"),
    (upstream.RateLimitError, "UPSTREAM_RATE_LIMITED"),
    (upstream.UpstreamTimeoutError, "UPSTREAM_TIMEOUT"),
    (upstream.UpstreamConnectionError, "UPSTREAM_UNAVAILABLE"),
    (upstream.UpstreamServerError, "UPSTREAM_UNAVAILABLE"),
    (upstream.UpstreamDecodeError, "UPSTREAM_BAD_RESPONSE"),
    (upstream.UpstreamError, "UPSTREAM_ERROR"),
)

INTERNAL_MESSAGE = "Internal server error"


def error_code(error: GraphQLError) -> str:
    original = error.original_error
    if isinstance(original, upstream.UpstreamError):
        own = getattr(original, "code", None)
        if isinstance(own, str):
            return own
        return next(code for cls, code in UPSTREAM_CODES if isinstance(original, cls))
    if isinstance(original, CostError):
        return original.code
    if is_bad_input(error):
        return BadInputError.code
    if isinstance(error, GraphQLSyntaxError):
        return "GRAPHQL_PARSE_FAILED"
    if original is None and error.path is None:
        return "GRAPHQL_VALIDATION_FAILED"
    return "INTERNAL_SERVER_ERROR"


# graphql-core's suggestions end a message: "Cannot query field 'titel' on type 'Movie'. Did
# you mean 'title'?" Apollo Server strips them the same way when it hides schema details.
_SUGGESTION: Final = re.compile(r" ?Did you mean .+\?$", re.DOTALL)


def coded(
    error: GraphQLError, request_id: str | None = None, *, suggestions: bool = True
) -> GraphQLError:
    """The error as the client should see it: with a code, and masked if it is a bug.

    A masked error carries ``request_id``, which its log line (``log_errors``) carries too.
    ``suggestions=False`` (production) drops graphql's "Did you mean" hints, which would spell
    out the schema to a client that cannot introspect it.
    """
    code = error_code(error)
    extensions: dict[str, Any] = {**(error.extensions or {}), "code": code}
    original = error.original_error
    retry_after = getattr(original, "retry_after", None)
    if isinstance(original, upstream.UpstreamError) and retry_after is not None:
        extensions["retryAfter"] = retry_after
    elif isinstance(original, CostError):
        extensions["cost"] = original.cost
        extensions["limit"] = original.limit
    message = error.message
    if code == "INTERNAL_SERVER_ERROR" and original is not None:
        message = INTERNAL_MESSAGE
        if request_id is not None:
            extensions["requestId"] = request_id
    elif not suggestions:
        message = _SUGGESTION.sub("", message)
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


def log_errors(errors: list[GraphQLError], request_id: str | None = None) -> None:
    """Expected failures are one line each; only bugs carry a stack trace and the request id."""
    for error in errors:
        original = error.original_error
        if original is None or is_bad_input(error):
            logger.debug("client error: %s", error.message)
        elif isinstance(original, CostError):
            logger.info("over budget: %s", error.message)
        elif isinstance(original, upstream.NotFoundError):
            logger.debug("%s", original)
        elif isinstance(original, upstream.UpstreamError):
            logger.warning("upstream: %s", original)
        else:
            logger.error(
                "unexpected error at %s (request %s)", error.path, request_id, exc_info=original
            )
