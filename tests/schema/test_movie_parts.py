"""A movie's parts (issue 8) come in its one request; its collection and companies are served
from the summaries TMDB embeds, and cost one request per distinct id only for their details."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import respx

from gateway.config import Settings
from schema.imageconfig import RECORDED_BASE_URL
from tests.helpers import (
    authenticated_params,
    fixture_json,
    graphql,
    not_found,
    ok,
    upstream_calls,
    upstream_requests,
)

# Each part as TMDB's own path for it answered (the same body TMDB appends).
PART_BODIES = {
    "credits": "movie_credits__550.json",
    "images": "movie_images__550.json",
    "videos": "movie_videos__550.json",
    "keywords": "movie_keywords__550.json",
    "lists": "movie_lists__550.json",
    "release_dates": "movie_release_dates__550.json",
    "reviews": "movie_reviews__550.json",
    "external_ids": "movie_external_ids__550.json",
    "watch/providers": "movie_watch_providers__550.json",
}
OPENAPI = Path(__file__).parents[1] / "fixtures" / "openapi" / "openapi_examples.json"


def openapi_example(operation_id: str) -> Any:
    """TMDB's own example answer for an operation of its OpenAPI spec."""
    return json.loads(OPENAPI.read_bytes())[operation_id][0]


async def test_every_part_of_a_movie_is_one_request(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    body = fixture_json("movie_details__550.json")
    parts = {part: fixture_json(name) for part, name in PART_BODIES.items()}
    tmdb.get("/movie/550").mock(return_value=httpx.Response(200, json={**body, **parts}))
    tmdb.get("/configuration").mock(return_value=ok("configuration__2022.json"))

    result = await graphql(
        client,
        """{ movie(id: 550, language: "fr-FR") {
             title posterUrl(size: W92)
             credits { cast(first: 1) { name } }
             images { backdrops { filePath } }
             videos { key site url }
             keywords { name }
             lists { totalResults results { name } }
             releaseDates { iso31661 releaseDates { certification releaseDate type } }
             reviews { page results { author createdAt } }
             externalIds { imdbId wikidataId }
             watchProviders(region: "US") { link buy { providerName logoUrl } }
           } }""",
    )

    assert "errors" not in result
    assert sorted(upstream_calls(tmdb, settings)) == [
        ("/3/configuration", set()),
        ("/3/movie/550", set(PART_BODIES)),
    ]
    [movie_request] = [r for r in upstream_requests(tmdb, settings) if "movie" in r.url.path]
    assert sorted(authenticated_params(movie_request, settings)) == [
        ("append_to_response", ",".join(sorted(PART_BODIES))),
        ("include_image_language", "fr,null"),
        ("language", "fr-FR"),
    ]
    movie = result["data"]["movie"]
    assert movie["posterUrl"] == f"{RECORDED_BASE_URL}w92{body['poster_path']}"
    assert movie["videos"][0] == {
        "key": parts["videos"]["results"][0]["key"],
        "site": "YouTube",
        "url": f"https://www.youtube.com/watch?v={parts['videos']['results'][0]['key']}",
    }
    assert movie["keywords"] == [{"name": k["name"]} for k in parts["keywords"]["keywords"]]
    assert movie["lists"]["totalResults"] == parts["lists"]["total_results"]
    countries = parts["release_dates"]["results"]
    assert [c["iso31661"] for c in movie["releaseDates"]] == [c["iso_3166_1"] for c in countries]
    first = countries[0]["release_dates"][0]
    assert movie["releaseDates"][0]["releaseDates"][0] == {
        # Blank certifications are null; TMDB's timestamps are DateTimes.
        "certification": first["certification"] or None,
        "releaseDate": "2012-08-28T00:00:00+00:00",
        "type": first["type"],
    }
    assert movie["reviews"]["results"][0]["createdAt"] == "2018-06-09T17:51:53.359000+00:00"
    assert movie["externalIds"] == {
        "imdbId": parts["external_ids"]["imdb_id"],
        "wikidataId": parts["external_ids"]["wikidata_id"],
    }
    us = parts["watch/providers"]["results"]["US"]
    assert movie["watchProviders"] == {
        "link": us["link"],
        "buy": [
            {
                "providerName": p["provider_name"],
                "logoUrl": f"{RECORDED_BASE_URL}w92{p['logo_path']}",
            }
            for p in us["buy"]
        ],
    }


async def test_a_region_is_checked_and_one_without_offers_is_null(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    body = fixture_json("movie_details__550.json")
    providers = fixture_json("movie_watch_providers__550.json")
    tmdb.get("/movie/550").mock(
        return_value=httpx.Response(200, json={**body, "watch/providers": providers})
    )

    result = await graphql(
        client,
        """{ movie(id: 550) { title none: watchProviders(region: "AQ") { link }
             bad: watchProviders(region: "usa") { link } } }""",
    )

    assert upstream_calls(tmdb, settings) == [("/3/movie/550", {"watch/providers"})]
    assert "AQ" not in providers["results"]
    assert result["data"] == {"movie": {"title": body["title"], "none": None, "bad": None}}
    [error] = result["errors"]
    assert (error["path"], error["extensions"]["code"]) == (["movie", "bad"], "BAD_USER_INPUT")


async def test_collection_and_companies_from_the_movie_cost_nothing(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    # Star Wars, TMDB's own example: collection 10, companies 1 (Lucasfilm) and 25.
    movie = openapi_example("movie-details")
    tmdb.get("/movie/11").mock(return_value=httpx.Response(200, json=movie))

    result = await graphql(
        client,
        """{ movie(id: 11) { belongsToCollection { id name backdropPath }
             productionCompanies { id name originCountry } } }""",
    )

    assert upstream_calls(tmdb, settings) == [("/3/movie/11", set())]
    collection = movie["belongs_to_collection"]
    assert result["data"]["movie"] == {
        "belongsToCollection": {
            "id": collection["id"],
            "name": collection["name"],
            "backdropPath": collection["backdrop_path"],
        },
        "productionCompanies": [
            {"id": c["id"], "name": c["name"], "originCountry": c["origin_country"]}
            for c in movie["production_companies"]
        ],
    }


async def test_their_details_cost_one_request_per_distinct_id(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    movie = openapi_example("movie-details")
    tmdb.get("/movie/11").mock(return_value=httpx.Response(200, json=movie))
    tmdb.get("/collection/10").mock(return_value=ok("collection__10.json"))
    tmdb.get("/company/1").mock(return_value=ok("company__1.json"))
    tmdb.get("/company/25").mock(return_value=not_found())

    result = await graphql(
        client,
        """{ movie(id: 11, language: "de") { belongsToCollection { name overview }
             a: productionCompanies { name headquarters }
             b: productionCompanies { description parentCompany { name } } } }""",
    )

    # Each distinct collection and company once, whatever asks for it; the collection in the
    # movie's language (a company has none).
    assert sorted(upstream_calls(tmdb, settings)) == [
        ("/3/collection/10", set()),
        ("/3/company/1", set()),
        ("/3/company/25", set()),
        ("/3/movie/11", set()),
    ]
    params = {
        r.url.path: authenticated_params(r, settings) for r in upstream_requests(tmdb, settings)
    }
    assert params["/3/collection/10"] == [("language", "de")]
    assert params["/3/company/1"] == []
    collection = fixture_json("collection__10.json")
    company = fixture_json("company__1.json")
    served = result["data"]["movie"]
    assert served["belongsToCollection"] == {
        "name": collection["name"],
        "overview": collection["overview"],
    }
    assert served["a"] == [{"name": company["name"], "headquarters": company["headquarters"]}, None]
    assert served["b"] == [
        {"description": company["description"] or None, "parentCompany": None},
        None,
    ]
    # The company TMDB does not know is null at its place, each alias with its error.
    assert sorted((tuple(e["path"]), e["extensions"]["code"]) for e in result["errors"]) == [
        (("movie", "a", 1), "NOT_FOUND"),
        (("movie", "b", 1), "NOT_FOUND"),
    ]


async def test_images_in_a_language_keep_those_in_none(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    body = fixture_json("movie_details__550.json")
    images = fixture_json("movie_images__550.json")
    tmdb.get("/movie/550").mock(return_value=httpx.Response(200, json={**body, "images": images}))
    tmdb.get("/movie/76").mock(return_value=ok("movie_details_append__76.json"))

    result = await graphql(
        client,
        """{ a: movie(id: 550, language: "pt-BR") { images { posters { iso6391 } } }
             b: movie(id: 76, language: "pt-BR") { title } }""",
    )

    # Only a request appending images says which images' languages it wants: the language
    # asked for, and none (TMDB sends only the former otherwise).
    params = {
        r.url.path: sorted(authenticated_params(r, settings))
        for r in upstream_requests(tmdb, settings)
    }
    assert params == {
        "/3/movie/550": [
            ("append_to_response", "images"),
            ("include_image_language", "pt,null"),
            ("language", "pt-BR"),
        ],
        "/3/movie/76": [("language", "pt-BR")],
    }
    assert len(result["data"]["a"]["images"]["posters"]) == len(images["posters"])
