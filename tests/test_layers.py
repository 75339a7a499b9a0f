"""Imports go one way (DESIGN.md): ``gateway -> schema -> tmdbfusion`` and ``gateway ->
tmdbfusion``. The library knows no GraphQL and no server; the schema states what it needs from
the server as a Protocol instead of importing it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Each package and the packages it must never import.
FORBIDDEN = {"tmdbfusion": {"gateway", "schema"}, "schema": {"gateway"}}


def imported(path: Path) -> set[str]:
    """The top-level packages a module imports, lazily (inside functions) included."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_package_imports_nothing_from_the_layers_above_it(package: str) -> None:
    modules = sorted((ROOT / package).rglob("*.py"))
    assert len(modules) > 5
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported(path) & FORBIDDEN[package])
        for path in modules
        if imported(path) & FORBIDDEN[package]
    }
    assert wrong == {}
