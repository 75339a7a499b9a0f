"""The price list the cost walk (``schema/cost.py``) reads: what each field can cost TMDB.

Two tables, keyed by ``(GraphQL type, field)``:

- ``ENTITY_LOADS``: fields whose resolver loads an entity, by the name of its row in the
  resource table (``tmdbfusion.resources.TABLE``). Each costs one TMDB request per distinct
  ``(row, id, language)``, because the loaders coalesce every part asked of one entity
  into one GET. An id given as an argument (a literal or a variable) is known before execution;
  an id read from the parent's data (a cast member's person) is not, so such an entity costs one
  request per list item above it. A list field that loads an entity per item costs one request
  per item, its bound (or ``first``) times. An entity whose summary the parent's data holds
  (``served_without``) is loaded only when a field the summary lacks is selected, and then costs
  as above.
- ``LIST_BOUNDS``: fields that return a list. A list multiplies what is selected below it by its
  ``first`` argument when given, and otherwise by the bound here: the most items that field is
  priced at. A bound is a price, not a truncation; the runtime counter
  (``schema.context.UpstreamMeter``) stops a real list that runs longer than its price.

Two more price the lists of search and browse (schema8a's block below):

- ``LIST_LOADS``: fields that load a window of a list row (schema/pages.py): the list roots, and
  a keyword's movies. Each costs one request per TMDB page its window spans: ``page`` is one,
  ``first: 50`` is three; identical arguments on one page count once, as the loaders coalesce
  them. The lists directly below such a field (its ``results`` and ``edges``) hold the window's
  ``first`` results (20 for a page). A root's list is named by its arguments; a keyword's by the
  keyword too, so it counts once per keyword, as an entity whose id comes from its parent does.
- ``SUMMARY_LISTS``: fields served by the summary rule (schema/summary.py), with the path below
  them to the items. An item costs one request, for its entity's details, only when its selection
  asks for a field its summary lacks; otherwise nothing.

Fields of which one at most is not null (a credit's ``movie`` and ``tv``) share their place in a
path (``ONE_OF``), so what they load counts once. A field in these tables is priced even when it
returns plain values (a configuration list of strings).

A new entity-loading or list field must get an entry: ``tests/schema/test_pricing.py`` walks the
whole schema and fails on any field missing here. Introspection (``__schema``, ``__type``) needs
none: it is priced exactly, against the schema itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from schema import collection, company, episode, episodegroup, season
from schema.plan import Selection
from schema.summary import Summarized

# The argument that caps a list, where a list field takes one.
FIRST: Final = "first"


@dataclass(frozen=True, slots=True)
class Loads:
    """A field that loads one entity of the resource table's row ``resource``."""

    resource: str
    # The argument that holds the id, or the arguments that together name the entity (an
    # external id and its source); None when the id comes from the parent's data.
    id_argument: str | tuple[str, ...] | None = "id"
    # The argument that holds the language; None when the entity inherits its parent's.
    language_argument: str | None = "language"
    # The fields the parent's data serves without loading (a summary TMDB embeds, or what the
    # arguments say): None when the entity is always loaded. Priced as the items of
    # ``SUMMARY_LISTS`` are, one request per item (a show's seasons) that needs its entity.
    served_without: frozenset[str] | None = None
    # Whether the entity's own request is made for a selection on it; None: always.
    needed: Callable[[Selection], bool] | None = None


def _show_needed(selection: Selection) -> bool:
    """A show asked only for seasons by number is not requested itself (schema/tv.py)."""
    seasons = (b.variants[0].names for b in selection.branches if b.name == "season")
    return season.show_needed(selection.names, seasons)


_BELOW_A_CREDIT: Final = Loads("people.details", id_argument=None, language_argument=None)


def _embedded(summarized: Summarized) -> Loads:
    """An entity its parent's body embeds as a summary: loaded by the summary rule
    (schema/summary.py), only for a field ``summarized`` does not serve."""
    return Loads(summarized.row.name, None, None, served_without=summarized.served)


def _reference(resource: str, language_argument: str | None = None) -> Loads:
    """A configuration list: one request, whatever field of ``configuration`` selects it, and
    the image base's request too where it is the same (``configuration.details``)."""
    return Loads(resource, id_argument=(), language_argument=language_argument)


_COMPANY: Final = _embedded(company.SUMMARY)
_NETWORK: Final = _embedded(company.NETWORK_SUMMARY)
_SEASON: Final = _embedded(season.SUMMARY)
_EPISODE: Final = _embedded(episode.SUMMARY)

ENTITY_LOADS: Final[Mapping[tuple[str, str], Loads]] = {
    ("Query", "movie"): Loads("movies.details"),
    ("Query", "person"): Loads("people.details"),
    ("Query", "tv"): Loads("tv.details", needed=_show_needed),
    ("CastCredit", "person"): _BELOW_A_CREDIT,
    ("CrewCredit", "person"): _BELOW_A_CREDIT,
    # Issue 8: entities and reference lists. A list a kind chooses is keyed by the kind; the
    # row named is either of the two (genres.movie_list or genres.tv_list, ...).
    ("Query", "collection"): Loads("collections.details"),
    ("Query", "company"): Loads("companies.details", language_argument=None),
    ("Query", "network"): Loads("networks.details", language_argument=None),
    ("Query", "keyword"): Loads("keywords.details", language_argument=None),
    ("Query", "review"): Loads("reviews.details", language_argument=None),
    ("Query", "episodeGroup"): Loads("tv.episode_group", language_argument=None),
    ("Query", "credit"): Loads("credits.details"),
    ("Query", "genres"): Loads("genres.movie_list", id_argument="kind"),
    ("Query", "certifications"): Loads(
        "certifications.movie_list", id_argument="kind", language_argument=None
    ),
    # Filtered by region here: one request for every region.
    ("Query", "watchProviders"): Loads("watch_providers.movie_list", id_argument="kind"),
    ("Query", "watchProviderRegions"): _reference("watch_providers.available_regions", "language"),
    ("Configuration", "countries"): _reference("configuration.countries", "language"),
    ("Configuration", "languages"): _reference("configuration.languages"),
    ("Configuration", "jobs"): _reference("configuration.jobs"),
    ("Configuration", "timezones"): _reference("configuration.timezones"),
    ("Configuration", "primaryTranslations"): _reference("configuration.primary_translations"),
    ("Configuration", "images"): _reference("configuration.details"),
    ("Configuration", "changeKeys"): _reference("configuration.details"),
    ("Movie", "belongsToCollection"): _embedded(collection.EMBEDDED),
    ("Movie", "productionCompanies"): _COMPANY,
    ("TVShow", "productionCompanies"): _COMPANY,
    ("Company", "parentCompany"): _COMPANY,
    ("TVShow", "networks"): _NETWORK,
    ("Season", "networks"): _NETWORK,
    ("EpisodeGroup", "network"): _NETWORK,
    ("TVShow", "episodeGroups"): _embedded(episodegroup.SUMMARY),
    ("EpisodeSubgroup", "episodes"): _embedded(episodegroup.GROUPED),
    ("Creator", "person"): _BELOW_A_CREDIT,
    ("AggregateCastCredit", "person"): _BELOW_A_CREDIT,
    ("AggregateCrewCredit", "person"): _BELOW_A_CREDIT,
    ("TVShow", "seasons"): _SEASON,
    ("TVShow", "season"): _SEASON,
    ("Credit", "seasons"): _SEASON,
    ("TVShow", "lastEpisodeToAir"): _EPISODE,
    ("TVShow", "nextEpisodeToAir"): _EPISODE,
    ("Credit", "episodes"): _EPISODE,
    ("Season", "episodes"): _embedded(episode.LISTED),
    ("Season", "episode"): Loads("tv.episode", id_argument=None, language_argument=None),
    # One request per (external id, source, language): the same id from two sources is two.
    ("Query", "find"): Loads("find.by_id", id_argument=("externalId", "source")),
    ("FindResults", "tvSeasonResults"): _SEASON,
    ("FindResults", "tvEpisodeResults"): _EPISODE,
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
    # Not a root: the keyword above it names the list.
    ("Keyword", "movies"): "keywords.movies",
}
# The arguments of a list root that choose its window rather than its list.
WINDOW_ARGUMENTS: Final = frozenset({"page", "first", "after"})

# The item types of connections (MovieConnection, MultiResultConnection, ...).
_CONNECTED: Final = ("Movie", "TVShow", "Person", "Collection", "Company", "Keyword", "MultiResult")
SUMMARY_LISTS: Final[Mapping[tuple[str, str], tuple[str, ...]]] = {
    **{(f"{item}Connection", "results"): () for item in _CONNECTED},
    **{(f"{item}Connection", "edges"): ("node",) for item in _CONNECTED},
    ("Person", "knownFor"): (),
    # Issue 8's paged parts and lists of summaries (schema8b).
    ("Collection", "parts"): (),
    ("MoviePage", "results"): (),
    ("TVShowPage", "results"): (),
    ("PersonCastCredit", "movie"): (),
    ("PersonCastCredit", "tv"): (),
    ("PersonCrewCredit", "movie"): (),
    ("PersonCrewCredit", "tv"): (),
    ("Credit", "person"): (),
    ("Credit", "movie"): (),
    ("Credit", "tv"): (),
    ("FindResults", "movieResults"): (),
    ("FindResults", "tvResults"): (),
    ("FindResults", "personResults"): (),
}
# Fields of one object of which one at most is not null: a credit is of a movie or of a show.
# They share their place in a path (the value), so the title to load is priced once.
ONE_OF: Final[Mapping[tuple[str, str], str]] = {
    (credit, field): "title"
    for credit in ("Credit", "PersonCastCredit", "PersonCrewCredit")
    for field in ("movie", "tv")
}
# LIST_BOUNDS includes these: a connection's lists hold a page unless `first` says otherwise;
# TMDB lists 3 titles a person is known for.
CONNECTION_BOUNDS: Final[Mapping[tuple[str, str], int]] = {
    **{(f"{item}Connection", "results"): PAGE_SIZE for item in _CONNECTED},
    **{(f"{item}Connection", "edges"): PAGE_SIZE for item in _CONNECTED},
    ("Person", "knownFor"): 3,
    ("Collection", "parts"): 50,  # a franchise; recorded: 6 (Star Wars, 2022)
    ("MoviePage", "results"): PAGE_SIZE,
    ("TVShowPage", "results"): PAGE_SIZE,
    # An external id names one thing; TMDB's answers hold one result (recorded: 1).
    ("FindResults", "movieResults"): 20,
    ("FindResults", "tvResults"): 20,
    ("FindResults", "personResults"): 20,
    ("FindResults", "tvSeasonResults"): 20,
    ("FindResults", "tvEpisodeResults"): 20,
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
    # Issue 8. The largest real body we hold is given where it informs the bound. A show's run
    # reaches 70 seasons (daily soaps) and a season of a daily show 200 episodes; its aggregate
    # cast runs to a thousand. A prolific actor has over a thousand credits (the recorded person
    # 1: 116 cast, 190 crew). Nested bounds multiply: each is set so that every field of a list
    # and of the list below it stays within the default budget of 20,000 fields, and `first`
    # tightens a price where a client knows better.
    ("TVShow", "seasons"): 100,
    ("Credit", "seasons"): 100,
    ("Season", "episodes"): 200,
    ("Credit", "episodes"): 200,
    ("AggregateCredits", "cast"): 1_000,
    ("AggregateCredits", "crew"): 2_000,
    ("AggregateCastCredit", "roles"): 10,
    ("AggregateCrewCredit", "jobs"): 10,
    ("EpisodeCredits", "cast"): 500,
    ("EpisodeCredits", "crew"): 1_000,
    ("EpisodeCredits", "guestStars"): 80,  # recorded: 43
    ("Episode", "crew"): 50,  # recorded: 8
    ("Episode", "guestStars"): 80,
    ("PersonCredits", "cast"): 2_000,
    ("PersonCredits", "crew"): 2_000,
    ("PersonImages", "profiles"): 500,
    ("EpisodeImages", "stills"): 500,
    ("Season", "videos"): 100,
    ("Episode", "videos"): 100,
    # TMDB knows about 250 countries (recorded: 251) and translates into about 150 languages.
    ("Movie", "translations"): 200,
    ("TVShow", "translations"): 200,
    ("Season", "translations"): 200,
    ("Episode", "translations"): 200,
    ("Person", "translations"): 200,
    ("Movie", "alternativeTitles"): 300,
    ("TVShow", "alternativeTitles"): 300,
    ("Movie", "releaseDates"): 120,  # countries; recorded: 50
    ("CountryReleaseDates", "releaseDates"): 10,  # recorded: 8
    ("ReleaseDate", "descriptors"): 20,
    ("TVShow", "contentRatings"): 250,  # recorded: 25
    ("ContentRating", "descriptors"): 20,
    ("Movie", "productionCompanies"): 50,
    ("TVShow", "productionCompanies"): 50,
    ("Movie", "productionCountries"): 50,
    ("TVShow", "productionCountries"): 50,
    ("Movie", "spokenLanguages"): 50,
    ("TVShow", "spokenLanguages"): 50,
    ("Movie", "originCountry"): 20,
    ("TVShow", "networks"): 20,
    ("Season", "networks"): 20,
    ("TVShow", "createdBy"): 20,
    ("TVShow", "episodeGroups"): 50,
    # An episode group's groups are about a show's seasons (recorded: 6; a show's list says 9
    # for another), each about a season's episodes (recorded: 20 at most). As for seasons and
    # their episodes, `first` prices a whole group exactly: its `groupCount` is in the summary.
    ("EpisodeGroup", "groups"): 50,
    ("EpisodeSubgroup", "episodes"): 200,
    ("TVShow", "screenedTheatrically"): 300,
    ("ReviewPage", "results"): 20,  # TMDB's page size
    ("UserListPage", "results"): 20,
    ("WatchOffers", "flatrate"): 100,
    ("WatchOffers", "rent"): 100,
    ("WatchOffers", "buy"): 100,
    ("WatchOffers", "free"): 100,
    ("WatchOffers", "ads"): 100,
    ("Query", "genres"): 50,
    ("Query", "certifications"): 100,  # countries; recorded: 45
    ("CountryCertifications", "certifications"): 30,  # recorded: 11
    ("Query", "watchProviders"): 2_000,  # recorded: 529
    ("Query", "watchProviderRegions"): 250,  # recorded: 120
    ("Configuration", "countries"): 300,  # recorded: 251
    ("Configuration", "languages"): 300,  # recorded: 187
    ("Configuration", "jobs"): 50,  # departments; recorded: 12
    ("Department", "jobs"): 500,  # recorded: 189
    ("Configuration", "timezones"): 300,  # recorded: 249
    ("Timezone", "zones"): 100,  # recorded: 29
    ("Configuration", "primaryTranslations"): 200,  # recorded: 80
    ("Configuration", "changeKeys"): 200,  # recorded: 53
    ("ImagesConfiguration", "backdropSizes"): 20,
    ("ImagesConfiguration", "logoSizes"): 20,
    ("ImagesConfiguration", "posterSizes"): 20,
    ("ImagesConfiguration", "profileSizes"): 20,
    ("ImagesConfiguration", "stillSizes"): 20,
    **CONNECTION_BOUNDS,
}


# What an unpriced list costs if one slips past the test: the largest bound above.
UNPRICED_LIST_BOUND: Final = max(LIST_BOUNDS.values())


def list_bound(type_name: str, field_name: str) -> int:
    return LIST_BOUNDS.get((type_name, field_name), UNPRICED_LIST_BOUND)
