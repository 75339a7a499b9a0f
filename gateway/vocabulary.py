"""One shared str per value for the strings that credits repeat, applied after decoding.

Cast and crew lists repeat a small vocabulary ("Producer", "Sound", "Acting") that msgspec
decodes as a new str per member, and each member's ``original_name`` is mostly a second copy of
its ``name``. Sharing them is what keeps a cached entity with its credits small (bench/memory.py
has the figures). The vocabulary is bounded, because its values come from upstream.
"""

from __future__ import annotations

from typing import Any, Final

from msgspec.structs import force_setattr

from tmdbfusion.resource import Resource

VOCABULARY_LIMIT: Final = 10_000
# Fields of a credit whose values come from TMDB's short lists of departments and jobs.
SHARED_FIELDS: Final = ("job", "department", "known_for_department")
# Where an entity, or one of its parts, keeps people: credits, aggregate credits, an episode's
# crew and guest stars, a person's movie and TV credits.
CREDIT_LISTS: Final = ("cast", "crew", "guest_stars")

_vocabulary: dict[str, str] = {}


def _shared(value: str) -> str:
    shared = _vocabulary.get(value)
    if shared is None:
        if len(_vocabulary) >= VOCABULARY_LIMIT:
            return value
        shared = _vocabulary[value] = value
    return shared


def share_vocabulary(resource: Resource[Any], entity: object) -> None:
    """Share the repeated strings of every credit list in ``entity`` and in its parts."""
    _share_credits(entity)
    for part in resource.parts.values():
        value = getattr(entity, part.field)
        if value is not None:
            _share_credits(value)


def _share_credits(holder: object) -> None:
    for attribute in CREDIT_LISTS:
        members = getattr(holder, attribute, None)
        if not isinstance(members, list):
            continue
        for member in members:
            for field in SHARED_FIELDS:
                word = getattr(member, field, None)
                if word is not None:
                    force_setattr(member, field, _shared(word))
            name = getattr(member, "name", None)
            if name is not None and getattr(member, "original_name", None) == name:
                force_setattr(member, "original_name", name)
