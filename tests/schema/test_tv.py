"""A TV show, its seasons and their episodes cause exactly the upstream requests planned: one per
season or episode however many of its parts are selected, none for what the show's body has."""

from __future__ import annotations

import asyncio
import gc
from typing import Any

import httpx
import pytest
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

SEASON = fixture_json("tv_season_append__1396-s2.json")
EPISODE = fixture_json("tv_episode_append__1396-s2e1.json")
SHOW = fixture_json("tv_details__1396.json")


def configuration(tmdb: respx.Router) -> None:
    tmdb.get("/configuration").mock(return_value=ok("configuration__2022.json"))


async def test_a_season_with_episodes_stills_and_credits_is_one_season_request(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/tv/1396/season/2").mock(return_value=ok("tv_season_append__1396-s2.json"))
    configuration(tmdb)

    result = await graphql(
        client,
        """{ tv(id: 1396, language: "de") { season(number: 2) {
               name episodes { episodeNumber name stillUrl(size: W185) }
               credits { cast(first: 2) { name character } } } } }""",
    )

    # Nothing selected needs the show's body: the season's own request is the only one, with
    # its credits appended, and the image base once.
    assert sorted(upstream_calls(tmdb, settings)) == [
        ("/3/configuration", set()),
        ("/3/tv/1396/season/2", {"credits"}),
    ]
    season_request = next(r for r in upstream_requests(tmdb, settings) if "season" in r.url.path)
    assert sorted(authenticated_params(season_request, settings)) == [
        ("append_to_response", "credits"),
        ("language", "de"),
    ]
    season = result["data"]["tv"]["season"]
    assert season["name"] == SEASON["name"]
    assert season["episodes"] == [
        {
            "episodeNumber": e["episode_number"],
            "name": e["name"],
            "stillUrl": f"{RECORDED_BASE_URL}w185{e['still_path']}",
        }
        for e in SEASON["episodes"]
    ]
    assert season["credits"]["cast"] == [
        {"name": c["name"], "character": c["character"]} for c in SEASON["credits"]["cast"][:2]
    ]


async def test_show_fields_beside_a_season_add_the_show_request_without_parts(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/tv/1396").mock(return_value=ok("tv_details__1396.json"))
    tmdb.get("/tv/1396/season/2").mock(return_value=ok("tv_season_append__1396-s2.json"))

    result = await graphql(
        client,
        """{ tv(id: 1396) { name season(number: 2) { episodes { name }
               externalIds { tvdbId } images { posters { width } } } } }""",
    )

    assert sorted(upstream_calls(tmdb, settings)) == [
        ("/3/tv/1396", set()),
        ("/3/tv/1396/season/2", {"external_ids", "images"}),
    ]
    assert result["data"]["tv"]["name"] == SHOW["name"]
    season = result["data"]["tv"]["season"]
    assert len(season["episodes"]) == len(SEASON["episodes"])
    assert season["externalIds"] == {"tvdbId": SEASON["external_ids"]["tvdb_id"]}
    assert len(season["images"]["posters"]) == len(SEASON["images"]["posters"])


async def test_a_season_the_shows_list_serves_costs_nothing_more(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/tv/1396").mock(return_value=ok("tv_details__1396.json"))

    result = await graphql(
        client,
        """{ tv(id: 1396) { s: season(number: 2) { id name airDate episodeCount }
               seasons { seasonNumber episodeCount } } }""",
    )

    assert upstream_calls(tmdb, settings) == [("/3/tv/1396", set())]
    [summary] = [s for s in SHOW["seasons"] if s["season_number"] == 2]
    assert result["data"]["tv"]["s"] == {
        "id": summary["id"],
        "name": summary["name"],
        "airDate": summary["air_date"],
        "episodeCount": summary["episode_count"],
    }
    assert result["data"]["tv"]["seasons"] == [
        {"seasonNumber": s["season_number"], "episodeCount": s["episode_count"]}
        for s in SHOW["seasons"]
    ]


async def test_a_season_the_show_does_not_list_is_null_with_not_found(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/tv/1396").mock(return_value=ok("tv_details__1396.json"))

    result = await graphql(client, "{ tv(id: 1396) { season(number: 9) { name } } }")

    assert upstream_calls(tmdb, settings) == [("/3/tv/1396", set())]
    assert result["data"] == {"tv": {"season": None}}
    [error] = result["errors"]
    assert (error["path"], error["extensions"]["code"]) == (["tv", "season"], "NOT_FOUND")


async def test_an_episode_with_its_parts_is_one_episode_request(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/tv/1396/season/2/episode/1").mock(
        return_value=ok("tv_episode_append__1396-s2e1.json")
    )

    result = await graphql(
        client,
        """{ tv(id: 1396) { season(number: 2) { seasonNumber episode(number: 1) {
               name credits { guestStars { name } } images { stills { width } }
               externalIds { imdbId } translations { iso6391 } } } } }""",
    )

    assert upstream_calls(tmdb, settings) == [
        (
            "/3/tv/1396/season/2/episode/1",
            {"credits", "images", "external_ids", "translations"},
        )
    ]
    episode = result["data"]["tv"]["season"]["episode"]
    assert result["data"]["tv"]["season"]["seasonNumber"] == 2
    assert episode["name"] == EPISODE["name"]
    assert episode["credits"]["guestStars"] == [
        {"name": g["name"]} for g in EPISODE["credits"]["guest_stars"]
    ]
    assert episode["images"]["stills"] == [
        {"width": s["width"]} for s in EPISODE["images"]["stills"]
    ]
    assert episode["externalIds"] == {"imdbId": EPISODE["external_ids"]["imdb_id"]}
    # This old body sends its translations as a bare list.
    assert episode["translations"] == [{"iso6391": t["iso_639_1"]} for t in EPISODE["translations"]]


async def test_listed_episodes_with_a_part_are_one_request_each(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/tv/1396/season/2").mock(return_value=ok("tv_season_append__1396-s2.json"))
    tmdb.get("/tv/1396/season/2/episode/1").mock(
        return_value=ok("tv_episode_append__1396-s2e1.json")
    )
    tmdb.get("/tv/1396/season/2/episode/2").mock(return_value=not_found())

    result = await graphql(
        client,
        """{ tv(id: 1396) { season(number: 2) {
               episodes(first: 2) { name externalIds { imdbId } } } } }""",
    )

    assert sorted(upstream_calls(tmdb, settings)) == [
        ("/3/tv/1396/season/2", set()),
        ("/3/tv/1396/season/2/episode/1", {"external_ids"}),
        ("/3/tv/1396/season/2/episode/2", {"external_ids"}),
    ]
    # One episode TMDB does not know is null with its error; the other is served.
    assert result["data"]["tv"]["season"]["episodes"] == [
        {"name": EPISODE["name"], "externalIds": {"imdbId": EPISODE["external_ids"]["imdb_id"]}},
        None,
    ]
    [error] = result["errors"]
    assert error["path"] == ["tv", "season", "episodes", 1]
    assert error["extensions"]["code"] == "NOT_FOUND"


async def test_seasons_needing_their_episodes_are_one_request_each_at_once(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/tv/1396").mock(return_value=ok("tv_details__1396.json"))
    tmdb.get("/tv/1396/season/2").mock(return_value=ok("tv_season_append__1396-s2.json"))
    tmdb.get(path__regex=r"/tv/1396/season/[013]$").mock(return_value=not_found())

    result = await graphql(
        client, "{ tv(id: 1396) { seasons(first: 4) { seasonNumber episodes { name } } } }"
    )

    assert sorted(upstream_calls(tmdb, settings)) == [("/3/tv/1396", set())] + [
        (f"/3/tv/1396/season/{n}", set()) for n in range(4)
    ]
    seasons = result["data"]["tv"]["seasons"]
    assert seasons[2] == {
        "seasonNumber": 2,
        "episodes": [{"name": e["name"]} for e in SEASON["episodes"]],
    }
    assert [seasons[n] for n in (0, 1, 3)] == [None] * 3
    assert sorted(e["path"][-1] for e in result["errors"]) == [0, 1, 3]


async def test_the_last_episode_is_served_from_the_show_until_its_crew_is_asked(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/tv/1399").mock(return_value=ok("tv_details__1399.json"))
    last = fixture_json("tv_details__1399.json")["last_episode_to_air"]

    result = await graphql(client, "{ tv(id: 1399) { lastEpisodeToAir { name runtime } } }")

    assert upstream_calls(tmdb, settings) == [("/3/tv/1399", set())]
    assert result["data"]["tv"]["lastEpisodeToAir"] == {
        "name": last["name"],
        "runtime": last["runtime"],
    }

    tmdb.get("/tv/1399/season/8/episode/6").mock(return_value=not_found())
    result = await graphql(client, "{ tv(id: 1399) { lastEpisodeToAir { crew { job } } } }")

    # The show is cached now; the episode is asked for by the numbers the summary gives.
    assert upstream_calls(tmdb, settings)[1:] == [("/3/tv/1399/season/8/episode/6", set())]
    assert result["data"]["tv"]["lastEpisodeToAir"] is None
    assert result["errors"][0]["path"] == ["tv", "lastEpisodeToAir"]


async def test_networks_and_creators_are_served_from_the_show(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/tv/1399").mock(return_value=ok("tv_details__1399.json"))
    tmdb.get("/network/49").mock(return_value=not_found())
    show = fixture_json("tv_details__1399.json")

    result = await graphql(
        client,
        "{ tv(id: 1399) { networks { id name } n: networks { homepage } createdBy { name } } }",
    )

    # A network's homepage is in its details only: one request for HBO, once for both aliases.
    assert sorted(upstream_calls(tmdb, settings)) == [
        ("/3/network/49", set()),
        ("/3/tv/1399", set()),
    ]
    tv = result["data"]["tv"]
    assert tv["networks"] == [{"id": n["id"], "name": n["name"]} for n in show["networks"]]
    assert tv["n"] == [None]
    assert tv["createdBy"] == [{"name": c["name"]} for c in show["created_by"]]


async def test_the_show_and_a_season_it_does_not_serve_are_fetched_at_once(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    in_flight = 0
    most_in_flight = 0

    def answering(fixture: str) -> Any:
        async def answer(request: httpx.Request) -> httpx.Response:
            nonlocal in_flight, most_in_flight
            in_flight += 1
            most_in_flight = max(most_in_flight, in_flight)
            await asyncio.sleep(0.05)
            in_flight -= 1
            return ok(fixture)

        return answer

    tmdb.get("/tv/1396").mock(side_effect=answering("tv_details__1396.json"))
    tmdb.get("/tv/1396/season/2").mock(side_effect=answering("tv_season_append__1396-s2.json"))

    result = await graphql(
        client,
        """query ($n: Int!) { tv(id: 1396) { name
             season(number: $n) { episodes { name } credits { cast { name } } } } }""",
        {"n": 2},
    )

    # The season's field runs once the show is loaded; its request left with the show's.
    assert most_in_flight == 2
    assert sorted(upstream_calls(tmdb, settings)) == [
        ("/3/tv/1396", set()),
        ("/3/tv/1396/season/2", {"credits"}),
    ]
    assert result["data"]["tv"]["season"]["episodes"] == [
        {"name": e["name"]} for e in SEASON["episodes"]
    ]


async def test_a_season_started_for_a_show_tmdb_lacks_leaves_no_unread_error(
    client: httpx.AsyncClient, tmdb: respx.Router, caplog: pytest.LogCaptureFixture
) -> None:
    tmdb.get("/tv/1396").mock(return_value=not_found())
    tmdb.get("/tv/1396/season/2").mock(return_value=not_found())

    result = await graphql(
        client, "{ tv(id: 1396) { name season(number: 2) { episodes { name } } } }"
    )
    await asyncio.sleep(0)
    gc.collect()

    assert result["data"] == {"tv": None}
    assert [e["path"] for e in result["errors"]] == [["tv"]]
    assert "never retrieved" not in caplog.text


async def test_where_a_show_streams_in_a_region_is_one_request_for_every_region(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/tv/1396").mock(return_value=ok("tv_details_append__1396.json"))

    result = await graphql(
        client,
        """{ tv(id: 1396, language: "de") {
             us: watchProviders(region: "US") { region link flatrate { providerId providerName } }
             de: watchProviders(region: "DE") { region buy { providerName } } } }""",
    )

    # TMDB's watch/providers answers every region at once: one request appends it, in the
    # show's language; each region is read from it.
    [request] = upstream_requests(tmdb, settings)
    assert (request.url.path, sorted(authenticated_params(request, settings))) == (
        "/3/tv/1396",
        [("append_to_response", "watch/providers"), ("language", "de")],
    )
    offers = fixture_json("tv_details_append__1396.json")["watch/providers"]["results"]
    assert result["data"]["tv"] == {
        "us": {
            "region": "US",
            "link": offers["US"]["link"],
            "flatrate": [
                {"providerId": p["provider_id"], "providerName": p["provider_name"]}
                for p in offers["US"]["flatrate"]
            ],
        },
        "de": {
            "region": "DE",
            "buy": [{"providerName": p["provider_name"]} for p in offers["DE"]["buy"]],
        },
    }
