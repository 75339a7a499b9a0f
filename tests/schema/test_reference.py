"""Reference data and the small entities by id: one request each, with the parameters TMDB takes
and no other."""

from __future__ import annotations

import httpx
import pytest
import respx

from gateway.config import Settings
from tests.helpers import (
    authenticated_params,
    fixture_json,
    graphql,
    ok,
    upstream_calls,
    upstream_requests,
)
from tests.schema.test_movie_parts import openapi_example


def params(tmdb: respx.Router, settings: Settings) -> dict[str, list[tuple[str, str]]]:
    """Each request's path and its parameters besides the credential."""
    return {
        r.url.path: sorted(authenticated_params(r, settings))
        for r in upstream_requests(tmdb, settings)
    }


async def test_genres_of_each_kind_in_a_language(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/genre/movie/list").mock(return_value=ok("genre_movie_list__en.json"))
    tmdb.get("/genre/tv/list").mock(return_value=ok("genre_tv_list__en.json"))

    result = await graphql(
        client,
        """{ movie: genres(kind: MOVIE, language: "de") { id name }
             tv: genres(kind: TV) { name } again: genres(kind: TV) { id } }""",
    )

    assert params(tmdb, settings) == {
        "/3/genre/movie/list": [("language", "de")],
        "/3/genre/tv/list": [],
    }
    movie = fixture_json("genre_movie_list__en.json")["genres"]
    assert result["data"]["movie"] == [{"id": g["id"], "name": g["name"]} for g in movie]
    assert len(result["data"]["tv"]) == len(fixture_json("genre_tv_list__en.json")["genres"])


async def test_certifications_in_tmdbs_order_of_countries(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    example = openapi_example("certification-movie-list")
    tmdb.get("/certification/movie/list").mock(return_value=httpx.Response(200, json=example))

    result = await graphql(
        client,
        "{ certifications(kind: MOVIE) { iso31661 certifications { certification order } } }",
    )

    assert upstream_calls(tmdb, settings) == [("/3/certification/movie/list", set())]
    served = result["data"]["certifications"]
    assert [c["iso31661"] for c in served] == list(example["certifications"])
    us = next(c for c in served if c["iso31661"] == "US")
    assert us["certifications"] == [
        {"certification": c["certification"], "order": c["order"]}
        for c in example["certifications"]["US"]
    ]


async def test_each_configuration_list_is_one_request(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    names = ["countries", "languages", "jobs", "timezones", "primary-translations"]
    for name in names:
        example = openapi_example(f"configuration-{name}")
        tmdb.get(f"/configuration/{name.replace('-', '_')}").mock(
            return_value=httpx.Response(200, json=example)
        )

    result = await graphql(
        client,
        """{ configuration { countries(language: "fr") { iso31661 englishName nativeName }
             languages { iso6391 name } jobs { department jobs } timezones { iso31661 zones }
             primaryTranslations } }""",
    )

    assert params(tmdb, settings) == {
        "/3/configuration/countries": [("language", "fr")],
        "/3/configuration/languages": [],
        "/3/configuration/jobs": [],
        "/3/configuration/timezones": [],
        "/3/configuration/primary_translations": [],
    }
    served = result["data"]["configuration"]
    assert served["primaryTranslations"] == openapi_example("configuration-primary-translations")
    languages = openapi_example("configuration-languages")
    # TMDB writes a language without its own name as "".
    assert served["languages"][0] == {"iso6391": languages[0]["iso_639_1"], "name": None}
    assert len(served["countries"]) == len(openapi_example("configuration-countries"))
    assert served["jobs"][0]["jobs"] == openapi_example("configuration-jobs")[0]["jobs"]


async def test_watch_providers_of_one_region_are_filtered_from_the_one_list(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/watch/providers/movie").mock(return_value=ok("watch_providers_movie__US.json"))
    tmdb.get("/watch/providers/regions").mock(
        return_value=ok("watch_providers_regions__en-US.json")
    )

    result = await graphql(
        client,
        """{ all: watchProviders(kind: MOVIE) { providerId }
             de: watchProviders(kind: MOVIE, region: "DE") { providerId displayPriority }
             watchProviderRegions { iso31661 } }""",
    )

    # One request for every region.
    assert sorted(upstream_calls(tmdb, settings)) == [
        ("/3/watch/providers/movie", set()),
        ("/3/watch/providers/regions", set()),
    ]
    providers = fixture_json("watch_providers_movie__US.json")["results"]
    assert len(result["data"]["all"]) == len(providers)
    in_germany = [p for p in providers if "DE" in p["display_priorities"]]
    assert 0 < len(in_germany) < len(providers)
    assert result["data"]["de"] == [
        {"providerId": p["provider_id"], "displayPriority": p["display_priorities"]["DE"]}
        for p in in_germany
    ]
    regions = fixture_json("watch_providers_regions__en-US.json")["results"]
    assert result["data"]["watchProviderRegions"] == [
        {"iso31661": r["iso_3166_1"]} for r in regions
    ]


@pytest.mark.parametrize("region", ["de", "DEU", "D1"])
async def test_a_bad_region_asks_tmdb_nothing(
    client: httpx.AsyncClient, tmdb: respx.Router, region: str
) -> None:
    result = await graphql(
        client, f'{{ watchProviders(kind: TV, region: "{region}") {{ providerId }} }}'
    )

    assert result["data"] == {"watchProviders": None}
    [error] = result["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert not tmdb.calls


async def test_a_blank_region_is_every_region(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    example = openapi_example("watch-provider-tv-list")
    tmdb.get("/watch/providers/tv").mock(return_value=httpx.Response(200, json=example))

    result = await graphql(client, '{ watchProviders(kind: TV, region: "") { providerId } }')

    # As if no region were given: TMDB's one list, unfiltered.
    [request] = upstream_requests(tmdb, settings)
    assert (request.url.path, authenticated_params(request, settings)) == (
        "/3/watch/providers/tv",
        [],
    )
    assert result == {
        "data": {"watchProviders": [{"providerId": p["provider_id"]} for p in example["results"]]}
    }


async def test_keyword_review_network_and_company_by_id(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    review_id = "5013bc76760ee372cb00253e"
    tmdb.get("/keyword/1721").mock(return_value=ok("keyword__1721.json"))
    tmdb.get(f"/review/{review_id}").mock(return_value=ok(f"review__{review_id}.json"))
    tmdb.get("/network/1").mock(return_value=ok("network__1.json"))
    tmdb.get("/company/1").mock(return_value=ok("company__1.json"))

    result = await graphql(
        client,
        f"""{{ keyword(id: 1721) {{ name }}
              review(id: "{review_id}") {{ author mediaId mediaTitle authorDetails {{ username }} }}
              network(id: 1) {{ name headquarters }} company(id: 1) {{ name homepage }} }}""",
    )

    assert sorted(upstream_calls(tmdb, settings)) == [
        ("/3/company/1", set()),
        ("/3/keyword/1721", set()),
        ("/3/network/1", set()),
        (f"/3/review/{review_id}", set()),
    ]
    review = fixture_json(f"review__{review_id}.json")
    network = fixture_json("network__1.json")
    company = fixture_json("company__1.json")
    assert result["data"] == {
        "keyword": {"name": fixture_json("keyword__1721.json")["name"]},
        "review": {
            "author": review["author"],
            "mediaId": int(review["media_id"]),  # TMDB quotes it; msgspec reads the number
            "mediaTitle": review["media_title"],
            "authorDetails": {"username": review["author_details"]["username"]},
        },
        "network": {"name": network["name"], "headquarters": network["headquarters"] or None},
        "company": {"name": company["name"], "homepage": company["homepage"] or None},
    }


async def test_a_tv_credit_serves_its_episodes_and_seasons_from_its_body(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    credit_id = "5256c8b219c2956ff6047cd8"
    tmdb.get(f"/credit/{credit_id}").mock(return_value=ok(f"credit__{credit_id}.json"))

    result = await graphql(
        client,
        f"""{{ credit(id: "{credit_id}", language: "de") {{ creditType job character
              episodes {{ seasonNumber episodeNumber name }}
              seasons {{ seasonNumber name }} }} }}""",
    )

    assert params(tmdb, settings) == {f"/3/credit/{credit_id}": [("language", "de")]}
    credit = fixture_json(f"credit__{credit_id}.json")
    media = credit["media"]
    assert result["data"]["credit"] == {
        "creditType": credit["credit_type"],
        "job": credit["job"],
        "character": media["character"],
        "episodes": [
            {
                "seasonNumber": e["season_number"],
                "episodeNumber": e["episode_number"],
                "name": e["name"],
            }
            for e in media["episodes"]
        ],
        "seasons": [
            {"seasonNumber": s["season_number"], "name": s["name"]} for s in media["seasons"]
        ],
    }
