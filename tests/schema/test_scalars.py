"""``BigInt``: a JSON number past 2^31-1, refused as input only when it is not an integer."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLError, GraphQLScalarType, IntValueNode, StringValueNode

from schema.schema import build_schema


def _served_scalar() -> GraphQLScalarType:
    scalar = build_schema()._schema.get_type("BigInt")
    assert isinstance(scalar, GraphQLScalarType)
    return scalar


BIG_INT = _served_scalar()
AVATAR_REVENUE = 2_800_000_000  # movie_details__550-ceg.json, past 2^31-1


def test_serializes_past_32_bits_as_a_number() -> None:
    assert BIG_INT.serialize(AVATAR_REVENUE) == AVATAR_REVENUE
    assert BIG_INT.serialize(-(2**63)) == -(2**63)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(2**63, id="past-64-bits"),
        pytest.param(True, id="bool"),
        pytest.param("2800000000", id="string"),
        pytest.param(2.5, id="float"),
    ],
)
def test_refuses_what_is_not_a_64_bit_integer(value: Any) -> None:
    with pytest.raises(GraphQLError, match="BigInt cannot represent"):
        BIG_INT.serialize(value)
    with pytest.raises(GraphQLError, match="BigInt cannot represent"):
        BIG_INT.parse_value(value)


def test_parses_variables_and_integer_literals() -> None:
    assert BIG_INT.parse_value(AVATAR_REVENUE) == AVATAR_REVENUE
    assert BIG_INT.parse_literal(IntValueNode(value=str(AVATAR_REVENUE))) == AVATAR_REVENUE
    with pytest.raises(GraphQLError, match="integer literal"):
        BIG_INT.parse_literal(StringValueNode(value="1"))
