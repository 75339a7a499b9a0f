"""The five benchmark scenarios: the GraphQL query each sends and what it must cost upstream.

Every query takes the movie id as a variable, as real clients do, so the query text is the same
for every request and a server's parse/validation caches apply even when the ids are cold.
The baselines that do not parse GraphQL (the cold floor) recognise a scenario by its query text.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench import synthetic

_CORE = "id title overview releaseDate runtime genres { id name } posterPath"
_IMAGE = "filePath width height aspectRatio iso6391 voteAverage"
_PERSON = "id name birthday deathday placeOfBirth biography profilePath"


@dataclass(frozen=True)
class Scenario:
    number: int
    name: str
    query: str
    movie_parts: tuple[str, ...]  # what the gateway must append to its one movie request
    cast: int | None  # cast entries selected (None: all of them)
    crew: int  # crew entries selected
    people_cast: int  # cast members whose person details are selected
    people_crew: int  # crew members whose person details are selected
    naive_extra: int  # requests a one-call-per-resolver gateway adds (one per part)
    big: bool = False  # uses a 1,000-cast movie

    @property
    def waves(self) -> int:
        """Dependent upstream round trips: the movie, then (maybe) its people."""
        return 2 if self.people_cast or self.people_crew else 1

    @property
    def min_upstream(self) -> int:
        """The fewest upstream requests a cold query can cost: one per entity."""
        return 1 + self.people_cast + self.people_crew

    def cast_count(self) -> int:
        if self.cast is not None:
            return self.cast
        return synthetic.BIG_CAST_SIZE if self.big else synthetic.CAST_SIZE


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        1,
        "movie core fields",
        f"query Movie($id: Int!) {{ movie(id: $id) {{ {_CORE} }} }}",
        movie_parts=(),
        cast=0,
        crew=0,
        people_cast=0,
        people_crew=0,
        naive_extra=0,
    ),
    Scenario(
        2,
        "movie + credits (20 cast, 20 crew) + images + videos",
        f"query Movie($id: Int!) {{ movie(id: $id) {{ {_CORE} "
        "credits { cast(first: 20) { id name character order profilePath } "
        "crew(first: 20) { id name job department profilePath } } "
        f"images {{ posters {{ {_IMAGE} }} backdrops {{ {_IMAGE} }} logos {{ {_IMAGE} }} }} "
        "videos { key name site type official } } }",
        movie_parts=("credits", "images", "videos"),
        cast=20,
        crew=20,
        people_cast=0,
        people_crew=0,
        naive_extra=3,
    ),
    Scenario(
        3,
        "movie + first 10 cast with person details",
        "query Movie($id: Int!) { movie(id: $id) { id title credits { cast(first: 10) "
        f"{{ id name character person {{ {_PERSON} }} }} }} }} }}",
        movie_parts=("credits",),
        cast=10,
        crew=0,
        people_cast=10,
        people_crew=0,
        naive_extra=1,
    ),
    Scenario(
        4,
        "movie + first 20 cast and 20 crew with person details",
        "query Movie($id: Int!) { movie(id: $id) { id title credits { "
        f"cast(first: 20) {{ id name character person {{ {_PERSON} }} }} "
        f"crew(first: 20) {{ id name job department person {{ {_PERSON} }} }} }} }} }}",
        movie_parts=("credits",),
        cast=20,
        crew=20,
        people_cast=20,
        people_crew=20,
        naive_extra=1,
    ),
    Scenario(
        5,
        "1,000-item list: 1,000 cast, five fields each",
        "query Movie($id: Int!) { movie(id: $id) { id title credits { "
        "cast { id name character order profilePath } } } }",
        movie_parts=("credits",),
        cast=None,
        crew=0,
        people_cast=0,
        people_crew=0,
        naive_extra=1,
        big=True,
    ),
)

BY_QUERY = {s.query: s for s in SCENARIOS}

# Fixed ids for warm runs (pre-fetched before measuring) and for the exact per-query probes.
WARM_IDS = tuple(range(550, 566))
WARM_BIG_IDS = tuple(range(synthetic.BIG_FIRST, synthetic.BIG_FIRST + 4))
PROBE_IDS = tuple(range(100_000, 100_008))
PROBE_BIG_IDS = tuple(range(synthetic.BIG_FIRST + 100, synthetic.BIG_FIRST + 108))


def warm_ids(scenario: Scenario) -> tuple[int, ...]:
    return WARM_BIG_IDS if scenario.big else WARM_IDS


def probe_ids(scenario: Scenario) -> tuple[int, ...]:
    return PROBE_BIG_IDS if scenario.big else PROBE_IDS
