"""Custom scalars: ``BigInt``, for TMDB integers that do not fit GraphQL's 32-bit ``Int``.

A movie's ``revenue`` passes 2^31-1 (Avatar, 2.8 billion dollars) and ``budget`` is money too,
so both are ``BigInt``. It is still a JSON number, not a string, so clients read it as they read
``Int``. Its range is a signed 64-bit integer, what the response encoder writes; a JavaScript
client reads it exactly up to 2^53-1, far above any money TMDB records.
"""

from __future__ import annotations

from typing import Any, Final, NewType

import strawberry
from graphql import GraphQLError, IntValueNode, ValueNode
from strawberry.types.scalar import ScalarDefinition

BigInt = NewType("BigInt", int)

_MIN: Final = -(2**63)
_MAX: Final = 2**63 - 1


def big_int(value: int | None) -> BigInt | None:
    """A TMDB integer as a ``BigInt`` field value."""
    return None if value is None else BigInt(value)


def _checked(value: Any) -> int:
    # bool is an int in Python, but true is not a number in GraphQL.
    if isinstance(value, int) and not isinstance(value, bool) and _MIN <= value <= _MAX:
        return value
    raise GraphQLError(f"BigInt cannot represent {value!r}: it takes a signed 64-bit integer")


def _parse_literal(node: ValueNode, variables: dict[str, Any] | None = None) -> int:
    if isinstance(node, IntValueNode):
        return _checked(int(node.value))
    raise GraphQLError("BigInt takes an integer literal")


SCALARS: Final[dict[object, ScalarDefinition]] = {
    BigInt: strawberry.scalar(
        name="BigInt",
        description="An integer that may pass 2^31-1 (up to 2^63-1), sent as a JSON number.",
        serialize=_checked,
        parse_value=_checked,
        parse_literal=_parse_literal,
    )
}
