"""The README's example queries answer, against the demo dataset, exactly what the README shows."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from gateway.config import Settings
from tests.helpers import gateway_client, graphql

README = Path(__file__).parents[1] / "README.md"


def examples() -> list[tuple[str, dict[str, Any] | None, Any]]:
    """(query, variables, answer) for each graphql block and the json block after it."""
    section = README.read_text().split("## Example queries", 1)[1].split("\n## ", 1)[0]
    pairs = re.findall(r"```graphql\n(.*?)```\s+```json\n(.*?)```", section, re.DOTALL)
    found = []
    for query, answer in pairs:
        variables = re.match(r"# variables: (.*)\n", query)
        found.append(
            (query, json.loads(variables.group(1)) if variables else None, json.loads(answer))
        )
    return found


def test_the_readme_has_examples() -> None:
    assert len(examples()) == 5


@pytest.mark.parametrize(("query", "variables", "answer"), examples())
async def test_each_example_answers_as_shown(
    query: str, variables: dict[str, Any] | None, answer: Any
) -> None:
    async with gateway_client(Settings()) as http:
        assert await graphql(http, query, variables) == answer
