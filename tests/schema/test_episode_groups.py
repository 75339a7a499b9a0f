"""Episode groups: ``episodeGroup(id:)`` is one request, its episodes served from its body; a
show's listed groups cost one request per distinct group, and only for their ``groups``."""

from __future__ import annotations

from typing import Any

import httpx
import respx

from gateway.config import Settings
from tests.helpers import (
    authenticated_params,
    fixture_json,
    gateway_client,
    graphql,
    not_found,
    ok,
    upstream_calls,
    upstream_requests,
)

GROUP_ID = "5acf93e60e0a26346d0000ce"  # Comedians in Cars (59717), Netflix's collections
GROUP_FILE = f"tv_episode_group__{GROUP_ID}.json"
GROUP = fixture_json(GROUP_FILE)
# Game of Thrones' one group, as its recorded details with the part list it.
SHOW_GROUPS = fixture_json("tv_details_append__1399-leandcesar.json")["episode_groups"]
[LISTED] = SHOW_GROUPS["results"]


def show_with_groups() -> httpx.Response:
    """TMDB's answer to /tv/1399?append_to_response=episode_groups, from its two real bodies."""
    return httpx.Response(
        200, json={**fixture_json("tv_details__1399.json"), "episode_groups": SHOW_GROUPS}
    )


def sent(tmdb: respx.Router, settings: Settings) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each request's path and its parameters besides the credential, sorted."""
    return sorted(
        (r.url.path, sorted(authenticated_params(r, settings)))
        for r in upstream_requests(tmdb, settings)
    )


def episode_of(e: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": e["id"],
        "name": e["name"],
        "seasonNumber": e["season_number"],
        "episodeNumber": e["episode_number"],
        "showId": e["show_id"],
        "airDate": e["air_date"],
    }


async def test_an_episode_group_is_one_request_with_its_groups_and_episodes(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get(f"/tv/episode_group/{GROUP_ID}").mock(return_value=ok(GROUP_FILE))

    result = await graphql(
        client,
        f"""{{ episodeGroup(id: "{GROUP_ID}") {{ id name description episodeCount groupCount type
              network {{ id name }}
              groups(first: {GROUP["group_count"]}) {{ id name order locked
                episodes {{ id name seasonNumber episodeNumber showId airDate }} }} }} }}""",
    )

    # The group's body embeds its episodes' summaries: nothing else is asked, in no language.
    assert sent(tmdb, settings) == [(f"/3/tv/episode_group/{GROUP_ID}", [])]
    assert "errors" not in result
    assert result["data"]["episodeGroup"] == {
        "id": GROUP["id"],
        "name": GROUP["name"],
        "description": GROUP["description"],
        "episodeCount": GROUP["episode_count"],
        "groupCount": GROUP["group_count"],
        "type": GROUP["type"],
        "network": {"id": GROUP["network"]["id"], "name": GROUP["network"]["name"]},
        "groups": [
            {
                "id": g["id"],
                "name": g["name"],
                "order": g["order"],
                "locked": g["locked"],
                "episodes": [episode_of(e) for e in g["episodes"]],
            }
            for g in GROUP["groups"]
        ],
    }


async def test_an_episodes_crew_costs_one_request_per_episode_of_the_show_it_names(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get(f"/tv/episode_group/{GROUP_ID}").mock(return_value=ok(GROUP_FILE))
    # No body of these episodes is recorded: TMDB's own 404, a request all the same.
    tmdb.get(path__regex=r"/tv/59717/season/\d+/episode/\d+$").mock(return_value=not_found())
    first, second = GROUP["groups"][0]["episodes"][:2]

    result = await graphql(
        client,
        f"""{{ episodeGroup(id: "{GROUP_ID}") {{ groups(first: 1) {{ name
              episodes(first: 2) {{ name guestStars {{ name }} }} }} }} }}""",
    )

    # Each episode by the show, season and number its summary gives, with no part appended.
    assert sorted(upstream_calls(tmdb, settings)) == sorted(
        [
            (f"/3/tv/episode_group/{GROUP_ID}", set()),
            (
                f"/3/tv/59717/season/{first['season_number']}/episode/{first['episode_number']}",
                set(),
            ),
            (
                f"/3/tv/59717/season/{second['season_number']}/episode/{second['episode_number']}",
                set(),
            ),
        ]
    )
    assert result["data"]["episodeGroup"]["groups"] == [
        {"name": GROUP["groups"][0]["name"], "episodes": [None, None]}
    ]
    assert sorted((tuple(e["path"]), e["extensions"]["code"]) for e in result["errors"]) == [
        (("episodeGroup", "groups", 0, "episodes", 0), "NOT_FOUND"),
        (("episodeGroup", "groups", 0, "episodes", 1), "NOT_FOUND"),
    ]


async def test_a_shows_groups_are_served_from_its_list_until_their_groups_are_asked(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/tv/1399").mock(return_value=show_with_groups())

    result = await graphql(
        client,
        """{ tv(id: 1399) { episodeGroups { id name description episodeCount groupCount type
             network { id name } } } }""",
    )

    assert upstream_calls(tmdb, settings) == [("/3/tv/1399", {"episode_groups"})]
    assert result["data"]["tv"]["episodeGroups"] == [
        {
            "id": LISTED["id"],
            "name": LISTED["name"],
            "description": LISTED["description"] or None,
            "episodeCount": LISTED["episode_count"],
            "groupCount": LISTED["group_count"],
            "type": LISTED["type"],
            "network": {"id": LISTED["network"]["id"], "name": LISTED["network"]["name"]},
        }
    ]

    tmdb.get(f"/tv/episode_group/{LISTED['id']}").mock(return_value=not_found())
    result = await graphql(client, "{ tv(id: 1399) { episodeGroups { id groups { name } } } }")

    # The show is cached now; the group's own body is asked for its groups, and TMDB's 404
    # makes it null at its place in the list.
    assert upstream_calls(tmdb, settings)[1:] == [(f"/3/tv/episode_group/{LISTED['id']}", set())]
    assert result["data"]["tv"]["episodeGroups"] == [None]
    [error] = result["errors"]
    assert (error["path"], error["extensions"]["code"]) == (
        ["tv", "episodeGroups", 0],
        "NOT_FOUND",
    )


async def test_a_listed_groups_groups_are_one_request_per_distinct_group(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/tv/1399").mock(return_value=show_with_groups())
    # No body of Game of Thrones' group is recorded. TMDB's own reference pairs this show's list
    # with the Comedians in Cars group's body as its two examples (tests/fixtures/openapi), and
    # so does this test: that real body, answered at this group's path.
    tmdb.get(f"/tv/episode_group/{LISTED['id']}").mock(return_value=ok(GROUP_FILE))
    tmdb.get(path__regex=r"/tv/59717/season/\d+/episode/\d+$").mock(return_value=not_found())
    first = GROUP["groups"][0]["episodes"][0]

    result = await graphql(
        client,
        f"""{{ tv(id: 1399, language: "de") {{
              a: episodeGroups {{ groups {{ name order }} }}
              b: episodeGroups(first: 1) {{ groups(first: 1) {{
                episodes(first: 1) {{ name crew {{ job }} }} }} }} }}
            again: episodeGroup(id: "{LISTED["id"]}") {{ groupCount }} }}""",
    )

    # The group once, for both aliases and the root, without the show's language (TMDB takes
    # none there); the episode its crew needs in the show's language, which it inherits.
    episode = f"/3/tv/59717/season/{first['season_number']}/episode/{first['episode_number']}"
    assert sent(tmdb, settings) == sorted(
        [
            (episode, [("language", "de")]),
            ("/3/tv/1399", [("append_to_response", "episode_groups"), ("language", "de")]),
            (f"/3/tv/episode_group/{LISTED['id']}", []),
        ]
    )
    tv = result["data"]["tv"]
    assert tv["a"] == [
        {"groups": [{"name": g["name"], "order": g["order"]} for g in GROUP["groups"]]}
    ]
    assert tv["b"] == [{"groups": [{"episodes": [None]}]}]
    assert result["data"]["again"] == {"groupCount": GROUP["group_count"]}
    [error] = result["errors"]
    assert (error["path"], error["extensions"]["code"]) == (
        ["tv", "b", 0, "groups", 0, "episodes", 0],
        "NOT_FOUND",
    )


async def test_the_demo_serves_its_episode_group() -> None:
    async with gateway_client(Settings()) as demo:
        result = await graphql(
            demo,
            f"""{{ episodeGroup(id: "{GROUP_ID}") {{ name network {{ name }}
                  groups {{ name episodes(first: 1) {{ name seasonNumber episodeNumber }} }}
                }} }}""",
        )

    assert result == {
        "data": {
            "episodeGroup": {
                "name": GROUP["name"],
                "network": {"name": GROUP["network"]["name"]},
                "groups": [
                    {
                        "name": g["name"],
                        "episodes": [
                            {
                                "name": e["name"],
                                "seasonNumber": e["season_number"],
                                "episodeNumber": e["episode_number"],
                            }
                            for e in g["episodes"][:1]
                        ],
                    }
                    for g in GROUP["groups"]
                ],
            }
        }
    }
