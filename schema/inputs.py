"""Checks on every string argument that reaches TMDB, before it is sent or becomes a cache key.

A string that fails is ``BAD_USER_INPUT`` at its field, and nothing is asked of TMDB for it:
``../../account`` or ``en&api_key=x`` must never become part of an upstream URL.
"""

from __future__ import annotations

import re
from typing import Final

from schema.errors import BadInputError

# TMDB's forms: an ISO 639-1 language, optionally with an ISO 3166-1 region (`de`, `pt-BR`).
_LANGUAGE: Final = re.compile(r"[a-z]{2}(?:-[A-Z]{2})?")
_REGION: Final = re.compile(r"[A-Z]{2}")
# How much of a refused value an error message shows.
_SHOWN: Final = 20


def is_language(value: object) -> bool:
    return isinstance(value, str) and len(value) <= 5 and _LANGUAGE.fullmatch(value) is not None


def language(value: str | None) -> str | None:
    """A ``language`` argument as TMDB takes it; absent or empty means TMDB's default."""
    if not value:
        return None
    if not is_language(value):
        raise BadInputError(
            "language must be an ISO 639-1 code, optionally with an ISO 3166-1 region "
            f"(`de`, `pt-BR`), got {_shown(value)}"
        )
    return value


def region(value: str | None) -> str | None:
    """A ``region`` argument as TMDB takes it: an ISO 3166-1 code (`US`)."""
    if not value:
        return None
    if len(value) != 2 or _REGION.fullmatch(value) is None:
        raise BadInputError(f"region must be an ISO 3166-1 code (`US`), got {_shown(value)}")
    return value


def _shown(value: str) -> str:
    return repr(value if len(value) <= _SHOWN else value[:_SHOWN] + "...")
