"""The price list the cost walk (``schema/cost.py``) reads: what each field can cost TMDB.

Two tables, keyed by ``(GraphQL type, field)``:

- ``ENTITY_LOADS``: fields whose resolver loads an entity, by the name of its row in the
  resource table (``tmdbfusion.resources.TABLE``). Each costs one TMDB request per distinct
  ``(row, id, language)``, because the loaders coalesce every part asked of one entity
  into one GET. An id given as an argument (a literal or a variable) is known before execution;
  an id read from the parent's data (a cast member's person) is not, so such an entity costs one
  request per list item above it.
- ``LIST_BOUNDS``: fields that return a list. A list multiplies what is selected below it by its
  ``first`` argument when given, and otherwise by the bound here: the most items that field is
  priced at. A bound is a price, not a truncation; the runtime counter
  (``schema.context.UpstreamMeter``) stops a real list that runs longer than its price.

Two more price the lists of search and browse (schema8a's block below):

- ``LIST_LOADS``: root fields that load a window of a list row (schema/pages.py). Each costs one
  request per TMDB page its window spans: ``page`` is one, ``first: 50`` is three; identical
  arguments on one page count once, as the loaders coalesce them. The lists directly below such a
  root (its ``results`` and ``edges``) hold the window's ``first`` results (20 for a page).
- ``SUMMARY_LISTS``: fields served by the summary rule (schema/summary.py), with the path below
  them to the items. An item costs one request, for its entity's details, only when its selection
  asks for a field its summary lacks; otherwise nothing.

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
    """A field that loads one entity of the resource table's row ``resource``."""

    resource: str
    # The argument that holds the id; None when the id comes from the parent's data.
    id_argument: str | None = "id"
    # The argument that holds the language; None when the entity inherits its parent's.
    language_argument: str | None = "language"


_BELOW_A_CREDIT: Final = Loads("people.details", id_argument=None, language_argument=None)

ENTITY_LOADS: Final[Mapping[tuple[str, str], Loads]] = {
    ("Query", "movie"): Loads("movies.details"),
    ("Query", "person"): Loads("people.details"),
    ("Query", "tv"): Loads("tv.details"),
    ("CastCredit", "person"): _BELOW_A_CREDIT,
    ("CrewCredit", "person"): _BELOW_A_CREDIT,
}

# --- Search and browse (schema8a): list roots, their connections, the summary rule. ---

# TMDB's page size: the most results a page (and a connection's list, unless `first` says) holds.
PAGE_SIZE: Final = 20

LIST_LOADS: Final[Mapping[tuple[str, str], str]] = {
    ("Query", "searchMulti"): "search.multi",
    ("Query", "searchMovies"): "search.movie",
    ("Query", "searchTv"): "search.tv",
    ("Query", "searchPeople"): "search.person",
    ("Query", "searchCollections"): "search.collection",
    ("Query", "searchCompanies"): "search.company",
    ("Query", "searchKeywords"): "search.keyword",
    ("Query", "discoverMovies"): "discover.movie",
    ("Query", "discoverTv"): "discover.tv",
    ("Query", "trending"): "trending.all",  # or .movie, .tv, .person: one page a request alike
    ("Query", "popularMovies"): "movies.popular",
    ("Query", "topRatedMovies"): "movies.top_rated",
    ("Query", "nowPlayingMovies"): "movies.now_playing",
    ("Query", "upcomingMovies"): "movies.upcoming",
    ("Query", "airingTodayTv"): "tv.airing_today",
    ("Query", "onTheAirTv"): "tv.on_the_air",
    ("Query", "popularTv"): "tv.popular",
    ("Query", "topRatedTv"): "tv.top_rated",
    ("Query", "popularPeople"): "people.popular",
}
# The arguments of a list root that choose its window rather than its list.
WINDOW_ARGUMENTS: Final = frozenset({"page", "first", "after"})

# The item types of connections (MovieConnection, MultiResultConnection, ...).
_CONNECTED: Final = ("Movie", "TVShow", "Person", "Collection", "Company", "Keyword", "MultiResult")
SUMMARY_LISTS: Final[Mapping[tuple[str, str], tuple[str, ...]]] = {
    **{(f"{item}Connection", "results"): () for item in _CONNECTED},
    **{(f"{item}Connection", "edges"): ("node",) for item in _CONNECTED},
    ("Person", "knownFor"): (),
}
# LIST_BOUNDS includes these: a connection's lists hold a page unless `first` says otherwise;
# TMDB lists 3 titles a person is known for.
CONNECTION_BOUNDS: Final[Mapping[tuple[str, str], int]] = {
    **{(f"{item}Connection", "results"): PAGE_SIZE for item in _CONNECTED},
    **{(f"{item}Connection", "edges"): PAGE_SIZE for item in _CONNECTED},
    ("Person", "knownFor"): 3,
}

# --- End of search and browse. ---

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
    **CONNECTION_BOUNDS,
}


# What an unpriced list costs if one slips past the test: the largest bound above.
UNPRICED_LIST_BOUND: Final = max(LIST_BOUNDS.values())


def list_bound(type_name: str, field_name: str) -> int:
    return LIST_BOUNDS.get((type_name, field_name), UNPRICED_LIST_BOUND)
