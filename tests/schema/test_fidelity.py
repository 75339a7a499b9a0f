"""Every real TMDB body in the fixtures, served through the schema, value for value.

Each entity body (movies, shows, seasons, episodes, people, collections, companies, networks,
keywords, reviews, credits, episode groups) and each reference list (genres, watch providers and
their regions, configuration) is served by a mocked TMDB at its own path, and the query selects
every field of its type (tests/schema/walk.py), parts included when the body has them. Each value
is compared with TMDB's own: blank strings become null, dates stay ISO strings, a wrapper object
holding one list (``videos``, ``keywords``) is that list, and an image path's ``xUrl`` is the CDN
URL at the argument's default size. The requests TMDB received are exactly the entity's one (with
the parts the body holds) and, when an image URL is selected, the configuration.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import respx

from gateway.config import Settings
from gateway.demo.dataset import MANIFEST
from schema.pricing import LIST_LOADS
from tests.helpers import FIXTURES, fixture_json, gateway_client, graphql, ok, upstream_calls
from tests.schema.walk import (
    LIST_ROOTS,
    check,
    list_root_query,
    object_type,
    parts_of,
    selected_parts,
    selection,
    selects_image_urls,
)
from tmdbfusion.resources import TABLE


@dataclass(frozen=True)
class Case:
    """A body, the query that reads it, and where in the answer its value is."""

    fixture: str
    path: str  # below /3, where TMDB serves the body
    query: str  # with a {selection} of the type's fields
    at: tuple[str, ...]  # the served value, in the answer's data
    type_name: str
    body: Any = field(repr=False)
    parts: frozenset[str] = frozenset()

    def selection(self) -> str:
        return selection(object_type(self.type_name), self.parts)


def _entity(fixture: str, root: str, type_name: str, key: str) -> Case:
    body = fixture_json(fixture)
    sent = frozenset(parts_of(object_type(type_name)).values()) & body.keys()
    literal = f'"{body["id"]}"' if isinstance(body["id"], str) else body["id"]
    return Case(
        fixture,
        f"/{key}/{body['id']}",
        f"{{ {root}(id: {literal}) {{ {{selection}} }} }}",
        (root,),
        type_name,
        body,
        sent,
    )


_SEASON = re.compile(r"tv_season(?:_append)?__(\d+)-s(\d+)\.json")
_EPISODE = re.compile(r"tv_episode(?:_append)?__(\d+)-s(\d+)e(\d+)\.json")
_ROOTS = {
    # file prefix: (root field, type, TMDB path segment)
    "movie_details": ("movie", "Movie", "movie"),
    "tv_details": ("tv", "TVShow", "tv"),
    "person_details": ("person", "Person", "person"),
    "collection": ("collection", "Collection", "collection"),
    "company": ("company", "Company", "company"),
    "network": ("network", "Network", "network"),
    "keyword": ("keyword", "Keyword", "keyword"),
    "review": ("review", "Review", "review"),
    "credit": ("credit", "Credit", "credit"),
    "tv_episode_group": ("episodeGroup", "EpisodeGroup", "tv/episode_group"),
}


def _cases() -> list[Case]:
    cases = []
    for path in sorted(FIXTURES.glob("*.json")):
        name = path.name
        prefix = name.split("__")[0].removesuffix("_append")
        if prefix in _ROOTS:
            root, type_name, key = _ROOTS[prefix]
            cases.append(_entity(name, root, type_name, key))
        elif found := _SEASON.fullmatch(name):
            show, number = found.groups()
            body = fixture_json(name)
            sent = frozenset(parts_of(object_type("Season")).values()) & body.keys()
            cases.append(
                Case(
                    name,
                    f"/tv/{show}/season/{number}",
                    f"{{ tv(id: {show}) {{ season(number: {number}) {{ {{selection}} }} }} }}",
                    ("tv", "season"),
                    "Season",
                    body,
                    sent,
                )
            )
        elif found := _EPISODE.fullmatch(name):
            show, season, number = found.groups()
            body = fixture_json(name)
            sent = frozenset(parts_of(object_type("Episode")).values()) & body.keys()
            cases.append(
                Case(
                    name,
                    f"/tv/{show}/season/{season}/episode/{number}",
                    f"{{ tv(id: {show}) {{ season(number: {season}) {{ "
                    f"episode(number: {number}) {{ {{selection}} }} }} }} }}",
                    ("tv", "season", "episode"),
                    "Episode",
                    body,
                    sent,
                )
            )
    return cases


# The reference lists: each body's list, as its root field serves it.
LISTS = [
    ("genre_movie_list__en.json", "/genre/movie/list", "genres(kind: MOVIE)", "Genre", "genres"),
    ("genre_tv_list__en.json", "/genre/tv/list", "genres(kind: TV)", "Genre", "genres"),
    (
        "watch_providers_movie__US.json",
        "/watch/providers/movie",
        "watchProviders(kind: MOVIE)",
        "WatchProvider",
        "results",
    ),
    (
        "watch_providers_regions__en-US.json",
        "/watch/providers/regions",
        "watchProviderRegions",
        "WatchRegion",
        "results",
    ),
]
CASES = _cases()


def _dig(data: Any, at: tuple[str, ...]) -> Any:
    for step in at:
        data = data[step]
    return data


async def _serve(
    tmdb: respx.Router, settings: Settings, routes: dict[str, str], query: str
) -> dict[str, Any]:
    for path, fixture in routes.items():
        tmdb.get(path).mock(return_value=ok(fixture))
    # Every field of every image at its list bound prices past the default field budget; this
    # test is about values, so it lifts the budget.
    roomy = dataclasses.replace(settings, max_fields=10**8)
    async with gateway_client(roomy, httpx.MockTransport(tmdb.async_handler)) as client:
        result = await graphql(client, query)
    assert "errors" not in result, result.get("errors")
    return result


def test_every_kind_of_body_is_checked() -> None:
    kinds = {case.type_name for case in CASES}
    assert kinds == {
        "Movie",
        "TVShow",
        "Season",
        "Episode",
        "Person",
        "Collection",
        "Company",
        "Network",
        "Keyword",
        "Review",
        "Credit",
        "EpisodeGroup",
    }
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[case.fixture for case in CASES])
async def test_every_real_body_serves_every_scalar_as_tmdb_sent_it(
    tmdb: respx.Router, settings: Settings, case: Case
) -> None:
    query = case.query.replace("{selection}", case.selection())
    routes = {case.path: case.fixture}
    urls = selects_image_urls(query)
    if urls:
        routes["/configuration"] = "configuration__2022.json"
    result = await _serve(tmdb, settings, routes, query)

    graphql_type = object_type(case.type_name)
    compared = check(graphql_type, _dig(result["data"], case.at), case.body, "")
    assert compared >= min(len(graphql_type.fields) // 2, 10)  # the walk compared the body
    expected = [(f"/3{case.path}", selected_parts(graphql_type, case.parts))]
    if urls:
        expected.append(("/3/configuration", set()))
    assert sorted(upstream_calls(tmdb, settings)) == sorted(expected)


@pytest.mark.parametrize(
    ("fixture", "path", "root", "type_name", "key"), LISTS, ids=[entry[0] for entry in LISTS]
)
async def test_every_reference_list_serves_every_item_as_tmdb_sent_it(
    tmdb: respx.Router,
    settings: Settings,
    fixture: str,
    path: str,
    root: str,
    type_name: str,
    key: str,
) -> None:
    query = f"{{ {root} {{ {selection(object_type(type_name))} }} }}"
    routes = {path: fixture}
    if selects_image_urls(query):
        routes["/configuration"] = "configuration__2022.json"
    result = await _serve(tmdb, settings, routes, query)

    served = result["data"][root.split("(")[0]]
    items = fixture_json(fixture)[key]
    assert len(served) == len(items) > 0
    for i, (item, raw) in enumerate(zip(served, items, strict=True)):
        check(object_type(type_name), item, raw, f"[{i}]")
    assert sorted(upstream_calls(tmdb, settings)) == sorted((f"/3{p}", set()) for p in routes)


async def test_the_configuration_serves_its_images_and_change_keys(
    tmdb: respx.Router, settings: Settings
) -> None:
    query = (
        f"{{ configuration {{ images {{ {selection(object_type('ImagesConfiguration'))} }} "
        "changeKeys } }"
    )
    result = await _serve(tmdb, settings, {"/configuration": "configuration__2022.json"}, query)

    body = fixture_json("configuration__2022.json")
    served = result["data"]["configuration"]
    assert check(object_type("ImagesConfiguration"), served["images"], body["images"], "") == 7
    assert served["changeKeys"] == body["change_keys"]
    # Two fields of one row: one request.
    assert upstream_calls(tmdb, settings) == [("/3/configuration", set())]


# --- A part's own body (/movie/550/credits), served as TMDB appends it to its entity's details
# (/movie/550?append_to_response=credits), every field of the part selected. ---

_PART_FILE = re.compile(r"(movie|tv|person)_([a-z_]+?)__(\d+)(-[a-z]+)?\.json")
_PART_ENTITIES = {
    "movie": ("movie", "Movie"),
    "tv": ("tv", "TVShow"),
    "person": ("person", "Person"),
}


def _details_file(prefix: str, id: str, suffix: str | None) -> str:
    """The details body recorded beside the part's: the same source's if there is one."""
    for name in (
        f"{prefix}_details__{id}{suffix or ''}.json",
        f"{prefix}_details__{id}.json",
        f"{prefix}_details_append__{id}.json",
    ):
        if (FIXTURES / name).exists():
            return name
    raise LookupError(f"no details body for {prefix} {id}")


def _part_cases() -> list[tuple[str, str, str, str, str]]:
    """(part body, details body, root, type, TMDB part) of every recorded part body the schema
    serves without an argument (watch/providers takes a region: tests/schema/test_movie_parts.py
    and test_tv.py serve its bodies)."""
    cases = []
    for path in sorted(FIXTURES.glob("*.json")):
        found = _PART_FILE.fullmatch(path.name)
        if found is None:
            continue
        prefix, part, id, suffix = found.groups()
        root, type_name = _PART_ENTITIES[prefix]
        graphql_type = object_type(type_name)
        field = next((f for f, p in parts_of(graphql_type).items() if p == part), None)
        if field is None or selection(graphql_type, {part}, {field}) == "":
            continue  # not a part (a list, a season) or one the walk cannot select
        cases.append((path.name, _details_file(prefix, id, suffix), root, type_name, part))
    return cases


PART_CASES = _part_cases()


def test_every_recorded_part_body_is_checked() -> None:
    assert {(case[3], case[4]) for case in PART_CASES} >= {
        ("Movie", "credits"),
        ("Movie", "images"),
        ("Movie", "videos"),
        ("Movie", "keywords"),
        ("Movie", "recommendations"),
        ("Movie", "similar"),
        ("Movie", "reviews"),
        ("Movie", "lists"),
        ("Movie", "release_dates"),
        ("Movie", "external_ids"),
        ("TVShow", "credits"),
        ("TVShow", "content_ratings"),
        ("TVShow", "similar"),
        ("Person", "combined_credits"),
    }


@pytest.mark.parametrize(
    ("part_body", "details", "root", "type_name", "part"),
    PART_CASES,
    ids=[case[0] for case in PART_CASES],
)
async def test_every_recorded_part_serves_every_field_as_tmdb_sent_it(
    tmdb: respx.Router,
    settings: Settings,
    part_body: str,
    details: str,
    root: str,
    type_name: str,
    part: str,
) -> None:
    graphql_type = object_type(type_name)
    [field] = [f for f, p in parts_of(graphql_type).items() if p == part]
    body = fixture_json(details)
    appended = {**body, part: fixture_json(part_body)}
    query = f"{{ {root}(id: {body['id']}) {{ {selection(graphql_type, {part}, {field})} }} }}"
    path = f"/{root}/{body['id']}"
    tmdb.get(path).mock(return_value=httpx.Response(200, json=appended))
    if selects_image_urls(query):
        tmdb.get("/configuration").mock(return_value=ok("configuration__2022.json"))
    roomy = dataclasses.replace(settings, max_fields=10**8)
    async with gateway_client(roomy, httpx.MockTransport(tmdb.async_handler)) as client:
        result = await graphql(client, query)

    assert "errors" not in result, result.get("errors")
    compared = check(graphql_type, result["data"][root], appended, "")
    assert compared >= 1
    expected = [(f"/3{path}", {part})]
    if selects_image_urls(query):
        expected.append(("/3/configuration", set()))
    assert sorted(upstream_calls(tmdb, settings)) == sorted(expected)


# --- Every recorded list body (searches, trending, charts, discover, a keyword's movies, find),
# served through its root, every field its results' summaries serve selected. ---


def _list_row(field: str, arguments: str) -> str:
    if field == "trending":
        return f"trending.{arguments.split(',')[0].split()[-1].lower()}"
    return LIST_LOADS[("Query", field)]


def _recorded(row: str) -> tuple[tuple[Any, ...], str] | None:
    """The key and file the demo dataset answers a row with, if it holds one."""
    for (name, key), entry in MANIFEST.items():
        if name == row:
            return key, entry if isinstance(entry, str) else entry[0]
    return None


LIST_CASES = [
    (field, arguments, _list_row(field, arguments), *recorded)
    for field, arguments in LIST_ROOTS
    if (recorded := _recorded(_list_row(field, arguments))) is not None
]


def test_every_recorded_list_is_checked() -> None:
    assert {case[4] for case in LIST_CASES} == {
        name
        for name in (p.name for p in FIXTURES.glob("*.json"))
        if name.startswith(
            (
                *("search_", "trending_", "movie_popular", "movie_now_playing"),
                *("movie_top_rated", "movie_upcoming", "tv_popular", "person_popular"),
            )
        )
    }


@pytest.mark.parametrize(
    ("field", "arguments", "row", "key", "fixture"),
    LIST_CASES,
    ids=[f"{case[0]}({case[1]})" if case[1] else case[0] for case in LIST_CASES],
)
async def test_every_recorded_list_serves_its_summaries_as_tmdb_sent_them(
    tmdb: respx.Router,
    settings: Settings,
    field: str,
    arguments: str,
    row: str,
    key: tuple[Any, ...],
    fixture: str,
) -> None:
    values = iter(map(str, key))
    path = re.sub(r"\{[^}]+\}", lambda _: next(values), TABLE[row].path)
    query = list_root_query(field, arguments)
    routes = {path: fixture}
    if selects_image_urls(query):
        routes["/configuration"] = "configuration__2022.json"
    result = await _serve(tmdb, settings, routes, query)

    recorded = fixture_json(fixture)
    page = result["data"][field]
    assert (page["page"], page["totalResults"]) == (recorded["page"], recorded["total_results"])
    assert [e["node"] for e in page["edges"]] == page["results"]
    assert len(page["results"]) == len(recorded["results"]) > 0
    for i, (item, raw) in enumerate(zip(page["results"], recorded["results"], strict=True)):
        assert check(object_type(item.pop("__typename")), item, raw, f"results[{i}]") >= 2
    # The page's one request: every field selected is in its summaries.
    assert sorted(upstream_calls(tmdb, settings)) == sorted((f"/3{p}", set()) for p in routes)


@pytest.mark.parametrize(
    ("query", "type_name", "at", "routes"),
    [
        pytest.param(
            '{ find(externalId: "tt0266543", source: IMDB_ID) { {selection} } }',
            "FindResults",
            ("find",),
            {"/find/tt0266543": "find__tt0266543.json"},
            id="find-tt0266543",
        ),
        pytest.param(
            '{ find(externalId: "nm0000158", source: IMDB_ID) { {selection} } }',
            "FindResults",
            ("find",),
            {"/find/nm0000158": "find__imdb-movie-result.json"},
            id="find-nm0000158",
        ),
        # A keyword's movies are a connection; its page fields are a page's (MoviePage's).
        pytest.param(
            "{ keyword(id: 1721) { movies { {selection} } } }",
            "MoviePage",
            ("keyword", "movies"),
            {
                "/keyword/1721": "keyword__1721.json",
                "/keyword/1721/movies": "keyword_movies__1721.json",
            },
            id="keyword-movies",
        ),
    ],
)
async def test_find_and_a_keywords_movies_serve_their_summaries_as_tmdb_sent_them(
    tmdb: respx.Router,
    settings: Settings,
    query: str,
    type_name: str,
    at: tuple[str, ...],
    routes: dict[str, str],
) -> None:
    query = query.replace("{selection}", selection(object_type(type_name)))
    if selects_image_urls(query):
        routes = {**routes, "/configuration": "configuration__2022.json"}
    result = await _serve(tmdb, settings, routes, query)

    body = fixture_json(routes[max(routes, key=len)])
    assert check(object_type(type_name), _dig(result["data"], at), body, "") >= 5
    assert sorted(upstream_calls(tmdb, settings)) == sorted((f"/3{p}", set()) for p in routes)
