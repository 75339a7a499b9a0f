"""The price list the cost walk (``schema/cost.py``) reads: what each field can cost TMDB.

Two tables, keyed by ``(GraphQL type, field)``:

- ``ENTITY_LOADS``: fields whose resolver loads an entity. Each costs one TMDB request per
  distinct ``(kind, id, language)``, because the loaders coalesce every part asked of one entity
  into one GET. An id given as an argument (a literal or a variable) is known before execution;
  an id read from the parent's data (a cast member's person) is not, so such an entity costs one
  request per list item above it.
- ``LIST_BOUNDS``: fields that return a list. A list multiplies what is selected below it by its
  ``first`` argument when given, and otherwise by the bound here: the most items that field is
  priced at. A bound is a price, not a truncation; the runtime counter
  (``schema.context.UpstreamMeter``) stops a real list that runs longer than its price.

A new entity-loading or list field must get an entry: ``tests/schema/test_pricing.py`` walks the
whole schema and fails on any field missing here. Introspection (``__schema``, ``__type``) needs
none: it is priced exactly, against the schema itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

# The argument that caps a list, where a list field takes one.
FIRST: Final = "first"


@dataclass(frozen=True, slots=True)
class Loads:
    """A field that loads one entity of ``kind``."""

    kind: str
    # The argument that holds the id; None when the id comes from the parent's data.
    id_argument: str | None = "id"
    # The argument that holds the language; None when the entity inherits its parent's.
    language_argument: str | None = "language"


_BELOW_A_CREDIT: Final = Loads("person", id_argument=None, language_argument=None)

ENTITY_LOADS: Final[Mapping[tuple[str, str], Loads]] = {
    ("Query", "movie"): Loads("movie"),
    ("Query", "person"): Loads("person"),
    ("Query", "tv"): Loads("tv"),
    ("CastCredit", "person"): _BELOW_A_CREDIT,
    ("CrewCredit", "person"): _BELOW_A_CREDIT,
}

# Casts run to hundreds (Fight Club's recorded cast is 76, ensemble films pass 200); crews of
# effects-heavy films pass a thousand. Images of a popular title run to hundreds per kind (The
# Wire's recorded backdrops: 63). The other lists are short in every real body we hold.
LIST_BOUNDS: Final[Mapping[tuple[str, str], int]] = {
    ("Credits", "cast"): 500,
    ("Credits", "crew"): 1_000,
    ("Images", "posters"): 500,
    ("Images", "backdrops"): 500,
    ("Images", "logos"): 500,
    ("Movie", "genres"): 20,
    ("Movie", "videos"): 100,
    ("Movie", "keywords"): 100,
    ("TVShow", "genres"): 20,
    ("TVShow", "videos"): 100,
    ("TVShow", "keywords"): 100,
    # Lists of scalars: nothing below them to multiply; priced for completeness.
    ("TVShow", "episodeRunTime"): 20,
    ("TVShow", "originCountry"): 20,
    ("TVShow", "languages"): 50,
    ("Person", "alsoKnownAs"): 100,
}

# What an unpriced list costs if one slips past the test: the largest bound above.
UNPRICED_LIST_BOUND: Final = max(LIST_BOUNDS.values())


def list_bound(type_name: str, field_name: str) -> int:
    return LIST_BOUNDS.get((type_name, field_name), UNPRICED_LIST_BOUND)
