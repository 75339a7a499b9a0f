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
# Per Struct type, found once: which of CREDIT_LISTS it holds, which of SHARED_FIELDS it declares,
# and whether it has original_name.
_plans: dict[type, tuple[tuple[str, ...], tuple[str, ...], bool]] = {}


def share_vocabulary(resource: Resource[Any], entity: object) -> None:
    """Share the repeated strings of every credit list in ``entity`` and in its parts."""
    _share_credits(entity)
    for part in resource.parts.values():
        value = getattr(entity, part.field)
        if value is not None:
            _share_credits(value)


def _plan(cls: type) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    plan = _plans.get(cls)
    if plan is None:
        fields = getattr(cls, "__struct_fields__", ())
        plan = _plans[cls] = (
            tuple(f for f in CREDIT_LISTS if f in fields),
            tuple(f for f in SHARED_FIELDS if f in fields),
            "original_name" in fields,
        )
    return plan


def _share_credits(holder: object) -> None:
    vocabulary = _vocabulary
    for attribute in _plan(type(holder))[0]:
        members = getattr(holder, attribute)
        if not isinstance(members, list):
            continue
        planned: type | None = None
        for member in members:
            # The plan is looked up again only where a list mixes types (movie and TV credits).
            if type(member) is not planned:
                planned = type(member)
                _, shared_fields, has_original = _plan(planned)
            for field in shared_fields:
                word = getattr(member, field)
                if word is None:
                    continue
                shared = vocabulary.get(word)
                if shared is None:
                    if len(vocabulary) >= VOCABULARY_LIMIT:
                        continue
                    shared = vocabulary[word] = word
                force_setattr(member, field, shared)
            if has_original and member.original_name == member.name:
                force_setattr(member, "original_name", member.name)
