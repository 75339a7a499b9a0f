"""Each distinct query text is parsed and validated once (DESIGN.md, principle 6)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from graphql import parse, validate

from schema.schema import build_schema


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    calls = {"parse": 0, "validate": 0}

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr("schema.documents.parse", counting("parse", parse))
    monkeypatch.setattr("schema.documents.validate", counting("validate", validate))
    return calls


async def test_a_repeated_query_is_parsed_and_validated_once(counted: dict[str, int]) -> None:
    schema = build_schema()
    for _ in range(3):
        result = await schema.execute("{ __typename }")
        assert result.data == {"__typename": "Query"}

    assert counted == {"parse": 1, "validate": 1}


async def test_an_invalid_query_keeps_its_errors_when_cached(counted: dict[str, int]) -> None:
    schema = build_schema()
    first = await schema.execute("{ movie(id: 1) { nope } }")
    second = await schema.execute("{ movie(id: 1) { nope } }")

    assert first.errors is not None
    assert second.errors is not None
    assert [e.message for e in first.errors] == [e.message for e in second.errors]
    assert counted == {"parse": 1, "validate": 1}
