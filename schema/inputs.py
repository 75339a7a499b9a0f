"""Checks on every string argument that reaches TMDB, before it is sent or becomes a cache key.

A string that fails is ``BAD_USER_INPUT`` at its field, and nothing is asked of TMDB for it:
``../../account`` or ``en&api_key=x`` must never become part of an upstream URL.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from schema.errors import BadInputError

# TMDB's forms: an ISO 639-1 language, optionally with an ISO 3166-1 region (`de`, `pt-BR`).
_LANGUAGE: Final = re.compile(r"[a-z]{2}(?:-[A-Z]{2})?")
_REGION: Final = re.compile(r"[A-Z]{2}")
# An original language filter: ISO 639-1 alone (TMDB's `with_original_language=ko`).
_ISO_639_1: Final = re.compile(r"[a-z]{2}")
# An IANA time zone as TMDB's airing lists take it (`America/New_York`, `Etc/GMT+5`).
_TIMEZONE: Final = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+){0,2}")
# How much of a refused value an error message shows.
_SHOWN: Final = 20
# A search's longest query. The longest titles TMDB holds run to about 200 characters; a query
# past this is no search a person typed, and would only bloat the URL and every cache key.
MAX_QUERY: Final = 300
# TMDB serves at most 500 pages of any list (it answers a later page with an error), of 20 each.
MAX_PAGE: Final = 500


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


def original_language(value: str | None) -> str | None:
    """An original-language filter: an ISO 639-1 code alone (`ko`)."""
    if not value:
        return None
    if len(value) != 2 or _ISO_639_1.fullmatch(value) is None:
        raise BadInputError(
            f"originalLanguage must be an ISO 639-1 code (`ko`), got {_shown(value)}"
        )
    return value


def timezone(value: str | None) -> str | None:
    """A ``timezone`` argument: an IANA time zone name (`America/New_York`)."""
    if not value:
        return None
    if len(value) > 40 or _TIMEZONE.fullmatch(value) is None:
        raise BadInputError(f"timezone must be an IANA name (`Europe/Paris`), got {_shown(value)}")
    return value


def query(value: str) -> str:
    """A search's ``query``: some text to look for, at most ``MAX_QUERY`` characters.

    TMDB answers an empty query with a 422; control characters (a NUL, a line break) are in no
    title, and a lone surrogate cannot even be URL-encoded. Everything else, in any script, is
    sent as typed, percent-encoded.
    """
    if not value.strip():
        raise BadInputError("query must not be empty")
    if len(value) > MAX_QUERY:
        raise BadInputError(
            f"query must be at most {MAX_QUERY} characters, got {len(value)}: {_shown(value)}"
        )
    for character in value:
        if unicodedata.category(character) in ("Cc", "Cs"):
            raise BadInputError(
                f"query must not hold control characters, got {_shown(value)} "
                f"(holding U+{ord(character):04X})"
            )
    return value


def page(value: int) -> int:
    """A TMDB ``page``: 1 to ``MAX_PAGE``."""
    if not 1 <= value <= MAX_PAGE:
        raise BadInputError(
            f"page must be from 1 to {MAX_PAGE} (TMDB serves no later page), got {value}"
        )
    return value
