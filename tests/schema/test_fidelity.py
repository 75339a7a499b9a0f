"""Every real TMDB body in the fixtures, served through the schema, value for value.

Each entity body (movies, shows, seasons, episodes, people, collections, companies, networks,
keywords, reviews, credits) and each reference list (genres, watch providers and their regions,
configuration) is served by a mocked TMDB at its own path, and the query selects every field of
its type (tests/schema/walk.py), parts included when the body has them. Each value is compared
with TMDB's own: blank strings become null, dates stay ISO strings, a wrapper object holding one
list (``videos``, ``keywords``) is that list, and an image path's ``xUrl`` is the CDN URL at the
argument's default size. The requests TMDB received are exactly the entity's one (with the parts
the body holds) and, when an image URL is selected, the configuration.
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
from tests.helpers import FIXTURES, fixture_json, gateway_client, graphql, ok, upstream_calls
from tests.schema.walk import (
    check,
    object_type,
    parts_of,
    selected_parts,
    selection,
    selects_image_urls,
)


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
