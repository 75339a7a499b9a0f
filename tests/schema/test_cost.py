"""The static price of an operation (schema/cost.py): TMDB requests and fields, before it runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from graphql import get_introspection_query, parse

from schema import plan
from schema.cost import Budget, Cost, DocumentCost, OverBudgetError
from schema.limits import Limits
from schema.pages import cursor
from schema.schema import build_schema
from tests.documents import (
    CAST_OF_1000,
    FORTY_ONE,
    FULL_CREDITS,
    README_CURL,
    bomb_fields,
    fields_in,
    fragment_bomb,
    language_aliases,
    movie_aliases,
)

SCHEMA = build_schema()


def price(query: str, variables: dict[str, Any] | None = None, max_steps: int = 10**9) -> Cost:
    document = DocumentCost(SCHEMA._schema, parse(query))
    return document.estimate(None, variables, max_steps=max_steps)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("{ movie(id: 550) { title } }", Cost(1, 2), id="one-movie"),
        # movie, credits, cast, crew, title + 500 cast names + 1,000 crew names (the bounds)
        pytest.param(FULL_CREDITS, Cost(1, 1_505), id="full-credits"),
        pytest.param(FORTY_ONE, Cost(41, 125), id="first-20-cast-and-crew-people"),
        pytest.param(README_CURL, Cost(3, 13), id="readme"),
        pytest.param(CAST_OF_1000, Cost(1_001, 2_003), id="cast-first-1000"),
        pytest.param(movie_aliases(), Cost(160 * 1_501, 160 * 3_004), id="160-aliases"),
        pytest.param(language_aliases(), Cost(140, 280), id="140-languages"),
    ],
)
def test_audit_documents(query: str, expected: Cost) -> None:
    assert price(query) == expected


def test_aliases_of_one_entity_count_once_whatever_their_parts() -> None:
    query = """{ a: movie(id: 76) { credits { crew(first: 1) { job } } }
                 b: movie(id: 76) { images { posters { width } } }
                 c: movie(id: 76, language: "de") { title }
                 p: person(id: 287) { name } q: person(id: 287) { birthday } }"""

    assert price(query).calls == 3  # movie 76, movie 76 in German, person 287


def test_the_same_people_below_aliases_count_once() -> None:
    same = """{ a: movie(id: 550) { credits { cast(first: 5) { person { name } } } }
                b: movie(id: 550) { credits { cast(first: 5) { person { birthday } } } } }"""
    longer = """{ movie(id: 550) { credits { a: cast(first: 5) { person { name } }
                                             b: cast(first: 10) { person { name } } } } }"""
    other_movie = """{ a: movie(id: 550) { credits { cast(first: 5) { person { name } } } }
                       b: movie(id: 76) { credits { cast(first: 5) { person { name } } } } }"""
    other_language = """{ a: movie(id: 550) { credits { cast(first: 5) { person { name } } } }
        b: movie(id: 550, language: "de") { credits { cast(first: 5) { person { name } } } } }"""

    assert price(same).calls == 1 + 5
    assert price(longer).calls == 1 + 5 + 10  # a bound, not the 1 + 10 that will happen
    assert price(other_movie).calls == 2 + 10
    assert price(other_language).calls == 2 + 10  # people inherit their movie's language


def test_variables_give_ids_languages_and_first() -> None:
    query = """query ($a: Int!, $b: Int!, $lang: String, $n: Int) {
        a: movie(id: $a, language: $lang) { credits { cast(first: $n) { person { name } } } }
        b: movie(id: $b) { title } }"""

    assert price(query, {"a": 550, "b": 550, "n": 7}).calls == 1 + 7
    assert price(query, {"a": 550, "b": 76, "lang": "de", "n": 7}).calls == 2 + 7
    assert price(query, {"a": 550, "b": 550}).calls == 1 + 500  # no first: the cast's bound


def test_defaults_of_variables_count() -> None:
    query = (
        "query ($n: Int = 3) { movie(id: 1) { credits { cast(first: $n) { person { name } } } } }"
    )

    assert price(query).calls == 1 + 3
    assert price(query, {"n": 9}).calls == 1 + 9


def test_fragments_and_directives_are_followed() -> None:
    query = """query ($people: Boolean!) { movie(id: 550) { ...Credits } }
        fragment Credits on Movie {
          credits { ... on Credits { cast(first: 4) { person @include(if: $people) { name } } } }
          images @skip(if: true) { posters { filePath } } }"""

    assert price(query, {"people": True}) == Cost(1 + 4, 1 + 1 + 1 + 4 * 2)
    assert price(query, {"people": False}) == Cost(1, 1 + 1 + 1)  # four empty cast items


def test_fields_merged_by_response_key_count_once() -> None:
    merged = """{ movie(id: 550) { ...A ...B } }
        fragment A on Movie { credits { cast(first: 3) { name } } }
        fragment B on Movie { credits { cast(first: 3) { name character } } }"""

    # graphql-core merges both `credits` and both `cast`: name and character per member.
    assert price(merged) == Cost(1, 3 + 3 * 2)


def test_a_malformed_language_costs_no_request() -> None:
    query = """{ movie(id: 550, language: "../../account") {
                 credits { cast(first: 50) { person { name } } } } }"""

    assert price(query) == Cost(0, 1)


def test_introspection_is_priced_exactly() -> None:
    query = get_introspection_query(descriptions=True)
    result = SCHEMA.execute_sync(query)

    assert result.errors is None
    assert price(query) == Cost(0, fields_in(result.data))


@pytest.mark.parametrize("n", [3, 5])
def test_small_bombs_are_priced_exactly(n: int) -> None:
    query = fragment_bomb(n)
    result = build_schema(Budget(max_fields=10**9)).execute_sync(query)

    assert result.errors is None
    assert price(query) == Cost(0, fields_in(result.data))


def test_the_bomb_is_priced_without_expanding_it() -> None:
    # The walk multiplies, it does not expand: its steps grow with the schema, not with the
    # fields found (about 161,000 for a schema of 62 types and 298 fields, in 1,364 steps).
    types = SCHEMA._schema.type_map.values()
    size = len(types) + sum(len(getattr(t, "fields", None) or {}) for t in types)
    fields = bomb_fields()
    assert fields > 50 * 5 * size
    assert price(fragment_bomb(14), max_steps=5 * size) == Cost(0, fields)


def test_a_walk_past_its_steps_stops() -> None:
    with pytest.raises(OverBudgetError):
        price(movie_aliases(), max_steps=100)


def test_a_document_is_planned_once_per_directive_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    planned = 0
    real: Callable[..., Any] = plan.plan

    def counting(*args: Any) -> Any:
        nonlocal planned
        planned += 1
        return real(*args)

    monkeypatch.setattr("schema.cost.plan", counting)
    query = "query ($id: Int!, $c: Boolean!) { movie(id: $id) { title @include(if: $c) } }"
    document = DocumentCost(SCHEMA._schema, parse(query))
    for id in (550, 76, 8681):
        assert document.estimate(None, {"id": id, "c": True}, max_steps=100) == Cost(1, 2)
    assert document.estimate(None, {"id": 550, "c": False}, max_steps=100) == Cost(1, 1)

    assert planned == 2


async def test_an_operation_over_budget_is_refused_before_it_runs() -> None:
    schema = build_schema(Budget(max_upstream_calls=10, max_fields=100))

    # No context at all: a resolver that ran would fail on it.
    calls = await schema.execute(FORTY_ONE)
    fields = await schema.execute("{ movie(id: 550) { credits { cast { name } } } }")

    assert calls.data is None
    assert [e.message for e in calls.errors or ()] == [
        "The operation could cost 41 TMDB requests; the limit is 10."
    ]
    assert fields.data is None
    assert [e.message for e in fields.errors or ()] == [
        "The operation could cost 503 fields; the limit is 100."
    ]


async def test_a_walk_stopped_early_refuses_with_a_lower_bound() -> None:
    # 160 aliases: past the alias limit, which is lifted here, as this is about the price.
    schema = build_schema(Budget(max_upstream_calls=10**9, max_fields=100), Limits(max_aliases=160))

    result = await schema.execute(movie_aliases())

    assert result.data is None
    assert result.errors is not None
    [error] = result.errors
    assert error.message == "The operation could cost at least 101 fields; the limit is 100."
    assert error.original_error is not None
    assert vars(error.original_error) == {"cost": 101, "limit": 100}


async def test_operation_name_picks_what_is_priced() -> None:
    schema = build_schema(Budget(max_upstream_calls=10))
    query = f"query Cheap {{ __typename }} query Dear {FORTY_ONE}"

    cheap = await schema.execute(query, operation_name="Cheap")
    dear = await schema.execute(query, operation_name="Dear")

    assert cheap.data == {"__typename": "Query"}
    assert dear.errors is not None
    assert dear.errors[0].original_error is not None
    assert type(dear.errors[0].original_error).__name__ == "EstimatedCostError"


@pytest.mark.parametrize(
    ("query", "calls"),
    [
        # A summary the parent embeds costs nothing while it serves every field selected.
        pytest.param("{ movie(id: 11) { belongsToCollection { id name } } }", 1, id="summary"),
        pytest.param("{ movie(id: 11) { belongsToCollection { overview } } }", 2, id="details"),
        pytest.param(
            "{ movie(id: 11) { productionCompanies { headquarters } } }", 1 + 50, id="companies"
        ),
        pytest.param(
            "{ movie(id: 11) { productionCompanies { parentCompany { name } } } }",
            1 + 50,
            id="parent-from-details",
        ),
        pytest.param(
            "{ movie(id: 11) { productionCompanies { parentCompany { homepage } } } }",
            1 + 50 + 50,
            id="parent-details",
        ),
        pytest.param("{ tv(id: 1) { seasons { name episodeCount } } }", 1, id="seasons"),
        pytest.param("{ tv(id: 1) { seasons { episodes { name } } } }", 1 + 100, id="each-season"),
        pytest.param(
            "{ tv(id: 1) { seasons(first: 3) { credits { cast { name } } } } }",
            1 + 3,
            id="first-seasons",
        ),
        pytest.param("{ tv(id: 1) { season(number: 1) { name } } }", 1, id="season-summary"),
        # A show asked only for seasons by number sends no request of its own (schema/tv.py).
        pytest.param("{ tv(id: 1) { season(number: 1) { episodes { name } } } }", 1, id="season"),
        pytest.param(
            """{ tv(id: 1) { a: season(number: 1) { episodes { name } }
                 b: season(number: 1) { credits { cast { name } } }
                 c: season(number: 2) { images { posters { width } } } } }""",
            2,
            id="aliased-seasons",
        ),
        pytest.param(
            "{ tv(id: 1) { season(number: 1) { episode(number: 2) { name } } } }",
            1,
            id="episode",
        ),
        pytest.param(
            "{ tv(id: 1) { season(number: 1) { episodes(first: 5) { credits { cast { name } } } } "
            "} }",
            1 + 5,
            id="each-episode",
        ),
        pytest.param(
            "{ tv(id: 1) { season(number: 1) { episodes { crew { job } guestStars { name } } } } }",
            1,
            id="episodes-from-the-season",
        ),
        # A show's episode groups: served from its list, a request per group for their groups;
        # a group's episodes from its body, a request per episode for a field they lack.
        pytest.param(
            "{ tv(id: 1) { episodeGroups { groups { name } } } }", 1 + 50, id="episode-groups"
        ),
        pytest.param(
            """{ tv(id: 1) { episodeGroups(first: 2) { groups(first: 3) {
                 episodes(first: 4) { crew { job } } } } } }""",
            1 + 2 + 2 * 3 * 4,
            id="episode-group-episodes",
        ),
        pytest.param(
            """{ a: episodeGroup(id: "x") { name groups { episodes { name stillPath } } }
                 b: episodeGroup(id: "x") { network { name } } }""",
            1,
            id="episode-group",
        ),
        # A keyword's movies: a request per page the window spans, per keyword; a window's
        # `page: 2` and `first: 40` share page 2, as the loaders do.
        pytest.param(
            """{ keyword(id: 1) { a: movies(first: 50) { page } b: movies(page: 2) { page } } }""",
            1 + 3,
            id="keyword-movies",
        ),
        pytest.param(
            """{ a: keyword(id: 1) { movies(first: 50) { page } }
                 b: keyword(id: 2) { movies(first: 21) { page } } }""",
            2 + 3 + 2,
            id="two-keywords-movies",
        ),
        pytest.param(
            "{ movie(id: 550) { keywords { movies(first: 50) { results { title } } } } }",
            1 + 100 * 3,
            id="each-keywords-movies",
        ),
        pytest.param(
            "{ keyword(id: 1) { movies(first: 45) { edges { node { runtime } } } } }",
            1 + 3 + 45,
            id="keyword-movies-details",
        ),
        pytest.param("{ tv(id: 1) { lastEpisodeToAir { name } } }", 1, id="last-episode"),
        pytest.param("{ tv(id: 1) { lastEpisodeToAir { guestStars { name } } } }", 2, id="crew"),
        # One request answers a whole reference list; an image URL may cost the configuration.
        pytest.param(
            "{ a: genres(kind: MOVIE) { name } b: genres(kind: MOVIE) { id } c: genres(kind: TV) "
            "{ id } }",
            2,
            id="genres",
        ),
        pytest.param(
            "{ configuration { countries { iso31661 } jobs { jobs } c: countries { englishName } } "
            "}",
            2,
            id="configuration",
        ),
        pytest.param(
            "{ movie(id: 550) { posterUrl images { posters { fileUrl } } } person(id: 1) "
            "{ profileUrl } }",
            3,
            id="image-base-once",
        ),
    ],
)
def test_summaries_lists_and_reference_data_are_priced(query: str, calls: int) -> None:
    assert price(query).calls == calls


MULTI_NAMES = """{ searchMulti(query: "batman") { results {
    ... on Movie { title posterUrl } ... on TVShow { name } ... on Person { name profileUrl }
    ... on Collection { name } } } }"""


@pytest.mark.parametrize(
    ("query", "calls"),
    [
        # A page of summaries: one request, whatever of theirs is selected (and the image base
        # its URLs may need, schema/imagebase.py).
        pytest.param(MULTI_NAMES, 1 + 1, id="search-summaries"),
        pytest.param(
            """{ searchMovies(query: "x") {
                 edges { cursor node { title } } pageInfo { endCursor } } }""",
            1,
            id="edges-of-summaries",
        ),
        # A field a summary lacks: a details request for each of the page's 20 results, once
        # per result however many of its types ask.
        pytest.param(
            """{ searchMulti(query: "x") { results {
                 ... on Movie { runtime } ... on TVShow { numberOfSeasons } } } }""",
            21,
            id="search-details",
        ),
        pytest.param(
            '{ searchMovies(query: "x") { results { credits { cast(first: 2) { name } } } } }',
            21,
            id="details-for-a-part",
        ),
        pytest.param(
            """{ searchMovies(query: "x") { results { title
                 credits { cast(first: 2) { person { birthday } } } } } }""",
            61,
            id="details-then-people",
        ),
        # What a person is known for comes with the person: 3 titles each, 20 people a page.
        pytest.param(
            "{ popularPeople { results { knownFor { ... on Movie { title } } } } }",
            1,
            id="known-for-summaries",
        ),
        pytest.param(
            "{ popularPeople { results { knownFor { ... on Movie { runtime } } } } }",
            61,
            id="known-for-details",
        ),
        # Windows: one request per TMDB page they span.
        pytest.param("{ discoverMovies(first: 50) { results { title } } }", 3, id="first-50"),
        pytest.param(
            "{ discoverMovies(first: 50) { results { title runtime } } }", 53, id="first-50-runtime"
        ),
        pytest.param(
            "{ discoverMovies(first: 50) { edges { node { runtime } } } }",
            53,
            id="first-50-runtime-through-edges",
        ),
        pytest.param("{ discoverMovies(first: 0) { totalResults } }", 1, id="first-0"),
        pytest.param("{ discoverMovies(page: 7) { results { title } } }", 1, id="page-7"),
        pytest.param(
            "{ discoverMovies(page: 7) { results { title runtime } } }", 21, id="page-7-runtime"
        ),
        # Aliases share the pages of one list, as the loaders do; other filters are other lists.
        pytest.param(
            """{ a: discoverMovies(first: 40) { results { title } }
                 b: discoverMovies(page: 2) { totalResults } }""",
            2,
            id="aliases-share-pages",
        ),
        pytest.param(
            """{ a: discoverMovies(filter: {genres: {ids: [18]}}) { totalResults }
                 b: discoverMovies(filter: {genres: {ids: [35]}}) { totalResults }
                 c: discoverMovies(filter: {genres: {ids: [35]}}) { totalResults } }""",
            2,
            id="filters-are-lists",
        ),
        pytest.param(
            """{ a: trending(language: "de") { totalResults }
                 b: trending(language: "fr") { totalResults } }""",
            2,
            id="languages-are-lists",
        ),
        # Refused before any request: no price beyond the field.
        pytest.param('{ searchMulti(query: "x", page: 501) { totalResults } }', 0, id="page-501"),
        pytest.param('{ trending(after: "nonsense") { totalResults } }', 0, id="bad-cursor"),
    ],
)
def test_lists_are_priced_per_page_and_per_item_needing_details(query: str, calls: int) -> None:
    assert price(query).calls == calls


def test_a_window_is_priced_under_each_requests_variables() -> None:
    query = """query ($n: Int, $after: String) {
        discoverMovies(first: $n, after: $after) { results { title } } }"""

    assert price(query, {"n": 20}).calls == 1
    assert price(query, {"n": 21}).calls == 2
    assert price(query, {"n": 20, "after": cursor(9)}).calls == 2  # results 10 to 29
    assert price(query, {"n": 2_000}).calls == 100
