"""TMDB's own example answer for every operation the schema serves decodes and resolves without a
GraphQL error, every field selected (tests/schema/walk.py).

An entity's details example is served with each of its parts' examples appended, as TMDB
appends them, so one query reads them all.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from gateway.config import Settings
from schema.pricing import LIST_LOADS
from tests.helpers import gateway_client, graphql, ok, upstream_calls
from tests.schema.walk import LIST_ROOTS, check, list_root_query, object_type, selection
from tmdbfusion.resources import TABLE

EXAMPLES: dict[str, list[Any]] = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "openapi" / "openapi_examples.json").read_bytes()
)
# Selected by hand: the walk leaves out fields with a required argument.
WATCH = """watchProviders(region: "US") { region link
    flatrate { providerId providerName logoPath logoUrl displayPriority }
    rent { providerId } buy { providerId } free { providerId } ads { providerId } }"""


@dataclass(frozen=True)
class Served:
    """A root query and the example(s) it reads: the details, with parts appended."""

    name: str
    query: str  # with {selection} of the type's fields
    type_name: str
    path: str  # below /3
    details: str  # the example served there
    parts: dict[str, str] = dataclasses.field(default_factory=dict)  # TMDB part -> example
    watch: bool = False

    def body(self) -> Any:
        body = EXAMPLES[self.details][0]
        return {**body, **{part: EXAMPLES[op][0] for part, op in self.parts.items()}}


ENTITIES = [
    Served(
        "movie",
        "{ movie(id: 11) { {selection} } }",
        "Movie",
        "/movie/11",
        "movie-details",
        {
            "alternative_titles": "movie-alternative-titles",
            "credits": "movie-credits",
            "external_ids": "movie-external-ids",
            "images": "movie-images",
            "keywords": "movie-keywords",
            "lists": "movie-lists",
            "release_dates": "movie-release-dates",
            "reviews": "movie-reviews",
            "translations": "movie-translations",
            "videos": "movie-videos",
            "watch/providers": "movie-watch-providers",
            "recommendations": "movie-recommendations",
            "similar": "movie-similar",
        },
        watch=True,
    ),
    Served(
        "tv",
        "{ tv(id: 1399) { {selection} } }",
        "TVShow",
        "/tv/1399",
        "tv-series-details",
        {
            "aggregate_credits": "tv-series-aggregate-credits",
            "alternative_titles": "tv-series-alternative-titles",
            "content_ratings": "tv-series-content-ratings",
            "credits": "tv-series-credits",
            "episode_groups": "tv-series-episode-groups",
            "external_ids": "tv-series-external-ids",
            "images": "tv-series-images",
            "keywords": "tv-series-keywords",
            "lists": "lists-copy",
            "reviews": "tv-series-reviews",
            "screened_theatrically": "tv-series-screened-theatrically",
            "translations": "tv-series-translations",
            "videos": "tv-series-videos",
            "watch/providers": "tv-series-watch-providers",
            "recommendations": "tv-series-recommendations",
            "similar": "tv-series-similar",
        },
        watch=True,
    ),
    Served(
        "season",
        "{ tv(id: 1399) { season(number: 1) { {selection} } } }",
        "Season",
        "/tv/1399/season/1",
        "tv-season-details",
        {
            "aggregate_credits": "tv-season-aggregate-credits",
            "credits": "tv-season-credits",
            "external_ids": "tv-season-external-ids",
            "images": "tv-season-images",
            "translations": "tv-season-translations",
            "videos": "tv-season-videos",
            "watch/providers": "tv-season-watch-providers",
        },
        watch=True,
    ),
    Served(
        "episode",
        "{ tv(id: 1399) { season(number: 1) { episode(number: 1) { {selection} } } } }",
        "Episode",
        "/tv/1399/season/1/episode/1",
        "tv-episode-details",
        {
            "credits": "tv-episode-credits",
            "external_ids": "tv-episode-external-ids",
            "images": "tv-episode-images",
            "translations": "tv-episode-translations",
            "videos": "tv-episode-videos",
        },
    ),
    Served(
        "episode-group",
        '{ episodeGroup(id: "5acf93e60e0a26346d0000ce") { {selection} } }',
        "EpisodeGroup",
        "/tv/episode_group/5acf93e60e0a26346d0000ce",
        "tv-episode-group-details",
    ),
    Served(
        "person",
        "{ person(id: 31) { {selection} } }",
        "Person",
        "/person/31",
        "person-details",
        {
            "combined_credits": "person-combined-credits",
            "external_ids": "person-external-ids",
            "images": "person-images",
            "movie_credits": "person-movie-credits",
            "tv_credits": "person-tv-credits",
            "translations": "translations",
        },
    ),
    Served(
        "collection",
        "{ collection(id: 10) { {selection} } }",
        "Collection",
        "/collection/10",
        "collection-details",
    ),
    Served(
        "company", "{ company(id: 1) { {selection} } }", "Company", "/company/1", "company-details"
    ),
    Served(
        "network",
        "{ network(id: 49) { {selection} } }",
        "Network",
        "/network/49",
        "network-details",
    ),
    Served(
        "keyword",
        "{ keyword(id: 1701) { {selection} } }",
        "Keyword",
        "/keyword/1701",
        "keyword-details",
    ),
    Served(
        "review",
        '{ review(id: "640b2aeecaaca20079decdcc") { {selection} } }',
        "Review",
        "/review/640b2aeecaaca20079decdcc",
        "review-details",
    ),
    Served(
        "find",
        '{ find(externalId: "tt0137523", source: IMDB_ID) { {selection} } }',
        "FindResults",
        "/find/tt0137523",
        "find-by-id",
    ),
    # A keyword's movies are a connection; its page fields are a page's (MoviePage's).
    Served(
        "keyword-movies",
        "{ keyword(id: 1701) { movies { {selection} } } }",
        "MoviePage",
        "/keyword/1701/movies",
        "keyword-movies",
    ),
    Served(
        "credit",
        '{ credit(id: "6024a814c0ae36003d59cc3c") { {selection} } }',
        "Credit",
        "/credit/6024a814c0ae36003d59cc3c",
        "credit-details",
    ),
]
# Reference lists: the root, the item type, the path and the example.
LISTS = [
    ("genres(kind: MOVIE)", "Genre", "/genre/movie/list", "genre-movie-list"),
    ("genres(kind: TV)", "Genre", "/genre/tv/list", "genre-tv-list"),
    (
        "certifications(kind: MOVIE)",
        "CountryCertifications",
        "/certification/movie/list",
        "certification-movie-list",
    ),
    (
        "certifications(kind: TV)",
        "CountryCertifications",
        "/certification/tv/list",
        "certifications-tv-list",
    ),
    (
        "watchProviders(kind: MOVIE)",
        "WatchProvider",
        "/watch/providers/movie",
        "watch-providers-movie-list",
    ),
    (
        'watchProviders(kind: TV, region: "US")',
        "WatchProvider",
        "/watch/providers/tv",
        "watch-provider-tv-list",
    ),
    (
        "watchProviderRegions",
        "WatchRegion",
        "/watch/providers/regions",
        "watch-providers-available-regions",
    ),
]
CONFIGURATION = {
    "countries": ("Country", "/configuration/countries", "configuration-countries"),
    "languages": ("Language", "/configuration/languages", "configuration-languages"),
    "jobs": ("Department", "/configuration/jobs", "configuration-jobs"),
    "timezones": ("Timezone", "/configuration/timezones", "configuration-timezones"),
    "images": ("ImagesConfiguration", "/configuration", "configuration-details"),
}


async def _run(
    tmdb: respx.Router, settings: Settings, query: str, bodies: dict[str, Any]
) -> dict[str, Any]:
    for path, body in bodies.items():
        tmdb.get(path).mock(return_value=httpx.Response(200, json=body))
    if "/configuration" not in bodies:
        tmdb.get("/configuration").mock(return_value=ok("configuration__2022.json"))
    roomy = dataclasses.replace(settings, max_fields=10**8)
    async with gateway_client(roomy, httpx.MockTransport(tmdb.async_handler)) as client:
        result = await graphql(client, query)
    assert "errors" not in result, result["errors"]
    return result


@pytest.mark.parametrize("served", ENTITIES, ids=[s.name for s in ENTITIES])
async def test_every_served_entity_example_resolves(
    tmdb: respx.Router, settings: Settings, served: Served
) -> None:
    fields = selection(object_type(served.type_name), served.parts)
    if served.watch:
        fields += " " + WATCH
    query = served.query.replace("{selection}", fields)

    bodies = {served.path: served.body()}
    if served.name == "keyword-movies":
        bodies["/keyword/1701"] = EXAMPLES["keyword-details"][0]
    result = await _run(tmdb, settings, query, bodies)

    assert result["data"]
    assert (f"/3{served.path}", set(served.parts)) in upstream_calls(tmdb, settings)


@pytest.mark.parametrize(
    ("root", "type_name", "path", "operation"), LISTS, ids=[e[3] for e in LISTS]
)
async def test_every_served_reference_example_resolves(
    tmdb: respx.Router, settings: Settings, root: str, type_name: str, path: str, operation: str
) -> None:
    query = f"{{ {root} {{ {selection(object_type(type_name))} }} }}"

    result = await _run(tmdb, settings, query, {path: EXAMPLES[operation][0]})

    [served] = result["data"].values()
    assert served


async def test_the_configuration_examples_resolve(tmdb: respx.Router, settings: Settings) -> None:
    fields = " ".join(
        f"{name} {{ {selection(object_type(type_name))} }}"
        for name, (type_name, _, _) in CONFIGURATION.items()
    )
    query = f"{{ configuration {{ {fields} primaryTranslations changeKeys }} }}"
    bodies = {path: EXAMPLES[op][0] for _, path, op in CONFIGURATION.values()}
    bodies["/configuration/primary_translations"] = EXAMPLES["configuration-primary-translations"][
        0
    ]

    result = await _run(tmdb, settings, query, bodies)

    served = result["data"]["configuration"]
    assert all(served[name] for name in (*CONFIGURATION, "primaryTranslations", "changeKeys"))
    assert len(upstream_calls(tmdb, settings)) == len(bodies)


# --- The list roots (search, discover, trending, charts): TMDB's example page of each, every
# field its results' summaries serve selected, through `results` and `edges` alike. ---

OPERATIONS = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "openapi" / "tmdb-get-operations.json").read_bytes()
)["get_operations"]
OPERATION_AT = {op["path"].removeprefix("/3"): op["operationId"] for op in OPERATIONS}


def _row_path(field: str, arguments: str) -> str:
    """The path TMDB serves the root's row at, as its spec writes it."""
    if field == "trending":
        kind = arguments.split(",")[0].split()[-1].lower()
        return f"/trending/{kind}/{{time_window}}"
    return TABLE[LIST_LOADS[("Query", field)]].path


@pytest.mark.parametrize(
    ("field", "arguments"), LIST_ROOTS, ids=[f"{f}({a})" if a else f for f, a in LIST_ROOTS]
)
async def test_every_list_roots_example_page_resolves_from_its_summaries(
    tmdb: respx.Router, settings: Settings, field: str, arguments: str
) -> None:
    query = list_root_query(field, arguments)
    path = _row_path(field, arguments)
    example = EXAMPLES[OPERATION_AT[path]][0]
    pattern = re.sub(r"\{[^}]+\}", "[^/]+", f"/3{path}")
    tmdb.get(path__regex=pattern.removeprefix("/3") + "$").mock(
        return_value=httpx.Response(200, json=example)
    )

    result = await _run(tmdb, settings, query, {})

    served_page = result["data"][field]
    assert served_page["totalResults"] == example["total_results"]
    assert len(served_page["results"]) == len(example["results"]) > 0
    assert [e["node"] for e in served_page["edges"]] == served_page["results"]
    assert [r["id"] for r in served_page["results"]] == [r["id"] for r in example["results"]]
    # Each value is TMDB's, as the summary sent it.
    for i, (item, raw) in enumerate(zip(served_page["results"], example["results"], strict=True)):
        kind = object_type(item.pop("__typename"))
        assert check(kind, item, raw, f"results[{i}]") >= 2
    # One request for the page, without parts: every field selected is in its summaries.
    calls = upstream_calls(tmdb, settings)
    [(path_sent, parts)] = [c for c in calls if c[0] != "/3/configuration"]
    assert re.fullmatch(pattern, path_sent), path_sent
    assert parts == set()
