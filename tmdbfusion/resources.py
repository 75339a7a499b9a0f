"""The resource table: every TMDB read operation the client covers, by name.

``TABLE["movies.details"]`` is the row ``client.movies.details`` sends; the gateway's loaders,
its cache keys and the demo upstream read the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

from tmdbfusion.namespaces import NAMESPACES
from tmdbfusion.operation import Namespace, Operation
from tmdbfusion.resource import Resource


def operations(namespace: type[Namespace[Any]]) -> Iterator[Operation[Any, Any]]:
    """The operations a namespace class declares, its bases' included."""
    seen: set[str] = set()
    for cls in namespace.__mro__:
        for name, value in vars(cls).items():
            if isinstance(value, Operation) and name not in seen:
                seen.add(name)
                yield value


TABLE: Final[Mapping[str, Resource[Any]]] = {
    op.resource.name: op.resource for ns in NAMESPACES for op in operations(ns)
}

# Literal segments first, so /movie/popular is never read as /movie/{movie_id}.
_PATTERNS: Final = sorted(
    (
        (re.compile(re.sub(r"{\w+}", "([^/]+)", resource.path) + "$"), resource)
        for resource in TABLE.values()
    ),
    key=lambda entry: (entry[1].path.count("{"), -len(entry[1].path)),
)


def match(path: str) -> tuple[Resource[Any], tuple[str, ...]] | None:
    """The row whose path template ``path`` (below the base URL) fills, and its key values."""
    for pattern, resource in _PATTERNS:
        found = pattern.match(path)
        if found:
            return resource, found.groups()
    return None
