"""GraphQL documents the cost budget is tested with: the audit's hostile ones (issue 6) and the
legitimate ones that must stay legal under the defaults."""

from __future__ import annotations

from functools import cache
from typing import Any, Final

from schema.cost import Budget
from schema.schema import build_schema

# A movie's whole cast and crew, names only.
FULL_CREDITS: Final = "{ movie(id: 550) { title credits { cast { name } crew { name } } } }"

# The movie, then 20 cast and 20 crew people: 41 TMDB requests.
FORTY_ONE: Final = """{ movie(id: 550) { title credits {
  cast(first: 20) { name person { name } }
  crew(first: 20) { name person { name } } } } }"""

# The README's examples.
README_CURL: Final = (
    "{ movie(id: 550) { title releaseDate credits { cast(first: 2) "
    "{ name character person { birthday } } } } }"
)
README_TITLE: Final = "movie(id: 550) { title }"

_CREDITS_OF_PEOPLE: Final = (
    "fragment F on Movie { credits { cast { person { name } } crew { person { name } } } }"
)


def movie_aliases(count: int = 160) -> str:
    """``count`` aliases of distinct movies, each with every cast and crew member's person:
    the audit measured 16,160 TMDB GETs for 160 of them."""
    aliases = " ".join(f"m{i}: movie(id: {1000 + i}) {{ ...F }}" for i in range(count))
    return f"{{ {aliases} }} {_CREDITS_OF_PEOPLE}"


CAST_OF_1000: Final = "{ movie(id: 550) { credits { cast(first: 1000) { person { name } } } } }"


def languages(count: int = 140) -> list[str]:
    """``count`` distinct codes of TMDB's ``xx`` shape: aa, ab, ..."""
    return [chr(97 + i // 26) + chr(97 + i % 26) for i in range(count)]


def language_aliases(count: int = 140) -> str:
    """One movie under ``count`` distinct, well-formed languages: one TMDB GET each."""
    aliases = " ".join(
        f'l{i}: movie(id: 550, language: "{code}") {{ title }}'
        for i, code in enumerate(languages(count))
    )
    return f"{{ {aliases} }}"


# The fragment bomb: 14 fragments, each selecting the next under two aliases, down a path of
# introspection types (the depth limit skips introspection, and graphql-core's own limit only
# counts nested `fields`). 985 bytes; it resolves about 137,000 fields (1.3 MB) with no TMDB
# request, the exact figure depending on the schema's size: ``bomb_fields`` counts it.
_BOMB_PATH: Final = (
    ("__Schema", "types"),
    ("__Type", "fields"),
    ("__Field", "type"),
    ("__Type", "ofType"),
    ("__Type", "ofType"),
    ("__Type", "ofType"),
    ("__Type", "fields"),
    ("__Field", "type"),
    *(("__Type", "ofType"),) * 6,
)


def fragment_bomb(n: int = 14) -> str:
    """The first ``n`` levels of the bomb; each level doubles the fields below it."""
    path = _BOMB_PATH[:n]
    returned = {"types": "__Type", "fields": "__Field", "type": "__Type", "ofType": "__Type"}
    fragments = [f"fragment F0 on {returned[path[-1][1]]} {{ name }}"]
    for k in range(1, n + 1):
        on, field = path[n - k]
        fragments.append(
            f"fragment F{k} on {on} {{ a: {field} {{ ...F{k - 1} }} b: {field} {{ ...F{k - 1} }} }}"
        )
    return f"{{ __schema {{ ...F{n} }} }} " + " ".join(fragments)


def fields_in(value: Any) -> int:
    """The fields a response resolved: every key of every object in it."""
    if isinstance(value, dict):
        return sum(1 + fields_in(v) for v in value.values())
    if isinstance(value, list):
        return sum(fields_in(v) for v in value)
    return 0


@cache
def bomb_fields(n: int = 14) -> int:
    """The fields the bomb really resolves against today's schema, executed once (0.7 s)."""
    result = build_schema(Budget(max_fields=10**9)).execute_sync(fragment_bomb(n))
    assert result.errors is None, result.errors
    return fields_in(result.data)
