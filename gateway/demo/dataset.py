"""The embedded demo dataset: which real TMDB body answers which row of the resource table.

The bodies in ``data/`` are real TMDB answers (provenance in ``data/PROVENANCE.tsv``); the tests
and the benchmark read the same files. ``MANIFEST`` maps a row of ``tmdbfusion.resources.TABLE``
and a key to the file(s) that answer it. For an entity (a row with parts), the first file is its
details body and each part comes from, in this order: the body of the part's own row at the
same key (``movies.credits`` for ``movies.details``' part ``credits``), or the first of the
entity's files that embeds it (an ``append_to_response`` body). The details are served without
parts unless asked for, as TMDB serves them; a part row with no file of its own is served from
the part its entity embeds, when that has the shape the part's own path answers with.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from typing import Any, Final

import msgspec

from tmdbfusion.resource import Key, Resource
from tmdbfusion.resources import TABLE

MANIFEST: Final[Mapping[tuple[str, Key], str | tuple[str, ...]]] = {
    ("movies.details", (550,)): "movie_details__550.json",
    ("movies.credits", (550,)): "movie_credits__550.json",
    ("movies.external_ids", (550,)): "movie_external_ids__550.json",
    ("movies.images", (550,)): "movie_images__550.json",
    ("movies.keywords", (550,)): "movie_keywords__550.json",
    ("movies.lists", (550,)): "movie_lists__550.json",
    ("movies.recommendations", (550,)): "movie_recommendations__550.json",
    ("movies.release_dates", (550,)): "movie_release_dates__550.json",
    ("movies.reviews", (550,)): "movie_reviews__550.json",
    ("movies.similar", (550,)): "movie_similar__550.json",
    ("movies.videos", (550,)): "movie_videos__550.json",
    ("movies.watch_providers", (550,)): "movie_watch_providers__550.json",
    ("movies.details", (76,)): "movie_details_append__76.json",
    ("movies.details", (8681,)): "movie_details_append__8681.json",
    ("movies.images", (8681,)): "movie_images__8681.json",
    ("movies.now_playing", ()): "movie_now_playing__p1.json",
    ("movies.popular", ()): "movie_popular__p1.json",
    ("movies.top_rated", ()): "movie_top_rated__p1.json",
    ("movies.upcoming", ()): "movie_upcoming__p1.json",
    ("tv.details", (1396,)): ("tv_details__1396.json", "tv_details_append__1396.json"),
    ("tv.credits", (1396,)): "tv_credits__1396.json",
    ("tv.similar", (1396,)): "tv_similar__1396.json",
    ("tv.season", (1396, 2)): "tv_season_append__1396-s2.json",
    ("tv.episode", (1396, 2, 1)): "tv_episode_append__1396-s2e1.json",
    ("tv.details", (1399,)): ("tv_details__1399.json", "tv_details_append__1399-leandcesar.json"),
    ("tv.content_ratings", (1399,)): "tv_content_ratings__1399.json",
    ("tv.season", (1399, 1)): "tv_season__1399-s1.json",
    ("tv.episode", (1399, 1, 1)): "tv_episode__1399-s1e1.json",
    ("tv.details", (2,)): "tv_details__2-complex.json",
    ("tv.season", (3572, 1)): "tv_season__3572-s1.json",
    ("tv.episode", (3572, 1, 1)): "tv_episode__3572-s1e1.json",
    ("tv.episode_group", ("5acf93e60e0a26346d0000ce",)): (
        "tv_episode_group__5acf93e60e0a26346d0000ce.json"
    ),
    ("tv.popular", ()): "tv_popular__p1.json",
    ("people.details", (1,)): "person_details__1.json",
    ("people.combined_credits", (1,)): "person_combined_credits__1.json",
    ("people.details", (33,)): "person_details_append__33.json",
    ("people.details", (287,)): "person_details_append__287.json",
    ("people.details", (12312,)): (
        "person_details__12312.json",
        "person_details_append__12312.json",
    ),
    ("people.popular", ()): "person_popular__p1.json",
    ("search.movie", ()): "search_movie__disney.json",
    ("search.multi", ()): "search_multi__batman-curated.json",
    ("search.person", ()): "search_person__julian-beck.json",
    ("search.tv", ()): "search_tv__disney.json",
    # TMDB's recorded answer to a plain discover/movie was byte for byte its popular movies.
    ("discover.movie", ()): "movie_popular__p1.json",
    ("trending.all", ("week",)): "trending_all__week.json",
    ("trending.movie", ("week",)): "trending_movie__week.json",
    ("trending.person", ("week",)): "trending_person__week.json",
    ("collections.details", (10,)): "collection__10-ceg.json",
    ("companies.details", (1,)): "company__1.json",
    ("companies.images", (1,)): "company_images__1.json",
    ("networks.details", (1,)): "network__1.json",
    ("keywords.details", (1721,)): "keyword__1721.json",
    ("keywords.movies", (1721,)): "keyword_movies__1721.json",
    ("reviews.details", ("5013bc76760ee372cb00253e",)): "review__5013bc76760ee372cb00253e.json",
    ("credits.details", ("5256c8b219c2956ff6047cd8",)): "credit__5256c8b219c2956ff6047cd8.json",
    ("find.by_id", ("tt0266543",)): "find__tt0266543.json",
    ("find.by_id", ("nm0000158",)): "find__imdb-movie-result.json",
    ("genres.movie_list", ()): "genre_movie_list__en.json",
    ("genres.tv_list", ()): "genre_tv_list__en.json",
    ("configuration.details", ()): "configuration__2022.json",
    ("watch_providers.available_regions", ()): "watch_providers_regions__en-US.json",
    ("watch_providers.movie_list", ()): "watch_providers_movie__US.json",
}
UNAUTHORIZED_FILE: Final = "error_401_invalid_api_key__jdrouet.json"
NOT_FOUND_FILE: Final = "error_404_not_found__jdrouet.json"

DATA: Final = files("gateway.demo").joinpath("data")

# TMDB serves an entity's part at the entity's path and the part's name
# (/tv/{series_id}/season/{season_number}/watch/providers): the part's own row.
_BY_PATH: Final = {resource.path: resource for resource in TABLE.values()}
PART_ROWS: Final[Mapping[tuple[str, str], Resource[Any]]] = {
    (entity.name, part): _BY_PATH[f"{entity.path}/{part}"]
    for entity in TABLE.values()
    for part in entity.parts
    if f"{entity.path}/{part}" in _BY_PATH
}

# A row's key as a request path spells it: ("1399", "1").
PathKey = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Entity:
    """A served entity, pre-encoded: ``head`` is the details body without its closing brace."""

    head: bytes
    # `,"<part>":<body>` for each part, ready to splice between `head` and the closing brace.
    appended: Mapping[str, bytes]

    def details(self, append: Iterable[str] = ()) -> bytes:
        """The details body with each known requested part added once, as TMDB does."""
        chunks = [self.head]
        seen: set[str] = set()
        for name in append:
            chunk = self.appended.get(name)
            if chunk is not None and name not in seen:
                seen.add(name)
                chunks.append(chunk)
        chunks.append(b"}")
        return b"".join(chunks)


@dataclass(frozen=True, slots=True)
class Dataset:
    """Every served body by row name and key, and TMDB's own error bodies."""

    bodies: Mapping[tuple[str, PathKey], bytes | Entity]
    unauthorized: bytes
    not_found: bytes


_fields_decoder: Final = msgspec.json.Decoder(dict[str, msgspec.Raw])


def _read(name: str) -> bytes:
    # Compact once at load so every response is spliced from whitespace-free JSON.
    return msgspec.json.format(DATA.joinpath(name).read_bytes(), indent=-1)


def _files(entry: str | tuple[str, ...]) -> tuple[str, ...]:
    return (entry,) if isinstance(entry, str) else entry


def _answers(row: Resource[Any], body: bytes) -> bool:
    """Whether ``body`` is what TMDB sends at ``row``'s path. Old append bodies embed some parts
    in another shape than their own path serves (an episode's translations as a bare list)."""
    try:
        row.decoder.decode(body)
    except msgspec.ValidationError:
        return False
    return True


def load_dataset() -> Dataset:
    """Read, compact and index every demo body once."""
    bodies: dict[tuple[str, PathKey], bytes | Entity] = {}
    entities: list[tuple[Resource[Any], PathKey, tuple[str, ...]]] = []
    for (name, key), entry in MANIFEST.items():
        resource = TABLE[name]
        path_key = tuple(map(str, key))
        if resource.parts:
            entities.append((resource, path_key, _files(entry)))
        else:
            bodies[(name, path_key)] = _read(_files(entry)[0])
    # Entities once every part row's own body is known, since those come first.
    for resource, path_key, names in entities:
        details, *others = [_fields_decoder.decode(_read(name)) for name in names]
        parts: dict[str, bytes] = {}
        for fields in (details, *others):
            for part, value in fields.items():
                if part in resource.parts:
                    parts.setdefault(part, bytes(value))
        for part in resource.parts:
            row = PART_ROWS.get((resource.name, part))
            own = None if row is None else bodies.get((row.name, path_key))
            if isinstance(own, bytes):
                parts[part] = own
            elif row is not None and part in parts and _answers(row, parts[part]):
                bodies[(row.name, path_key)] = parts[part]
        base = {key: value for key, value in details.items() if key not in resource.parts}
        bodies[(resource.name, path_key)] = Entity(
            head=msgspec.json.encode(base)[:-1],
            appended={
                part: b"," + msgspec.json.encode(part) + b":" + body for part, body in parts.items()
            },
        )
    return Dataset(
        bodies=bodies,
        unauthorized=_read(UNAUTHORIZED_FILE),
        not_found=_read(NOT_FOUND_FILE),
    )
