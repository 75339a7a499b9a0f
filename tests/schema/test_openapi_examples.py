"""TMDB's own example answer for every operation the schema serves decodes and resolves without a
GraphQL error, every field selected (tests/schema/walk.py).

An entity's details example is served with each of its parts' examples appended, as TMDB
appends them, so one query reads them all.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from gateway.config import Settings
from tests.helpers import gateway_client, graphql, ok, upstream_calls
from tests.schema.walk import object_type, selection

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
