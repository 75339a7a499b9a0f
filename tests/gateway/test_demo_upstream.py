"""The embedded demo upstream answers like TMDB v3, routed by the resource table, checked against
the recorded bodies it serves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from gateway.demo.dataset import MANIFEST, PART_ROWS, load_dataset
from gateway.demo.upstream import create_demo_upstream
from tests.helpers import API_KEY, FIXTURES, TOKEN, fixture_json
from tmdbfusion.resources import TABLE

MOVIE_PARTS = frozenset(TABLE["movies.details"].parts)


def fixture(name: str) -> dict[str, Any]:
    body: dict[str, Any] = fixture_json(name)
    return body


def without_parts(body: dict[str, Any], row: str) -> dict[str, Any]:
    return {key: value for key, value in body.items() if key not in TABLE[row].parts}


def client_for(token: str | None = None, api_key: str | None = None) -> httpx.AsyncClient:
    app = create_demo_upstream(token=token, api_key=api_key)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://tmdb.demo/3")


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with client_for() as c:
        yield c


@pytest.fixture
async def token_client() -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(token=TOKEN) as c:
        yield c


@pytest.fixture
async def key_client() -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(api_key=API_KEY) as c:
        yield c


def test_the_manifest_names_rows_keys_and_files_that_exist() -> None:
    for (name, key), files in MANIFEST.items():
        resource = TABLE[name]
        assert len(key) == len(resource.keys), name
        for file in (files,) if isinstance(files, str) else files:
            assert (FIXTURES / file).is_file(), file
    # Issue 8's offline exploration: a search, a TV season and a person's combined credits.
    assert {"search.multi", "tv.season", "people.combined_credits"} <= {n for n, _ in MANIFEST}


def test_every_served_body_decodes_as_its_row() -> None:
    dataset = load_dataset()
    for (name, key), served in dataset.bodies.items():
        resource = TABLE[name]
        raw = served if isinstance(served, bytes) else served.details(resource.parts)
        decoded = resource.decoder.decode(raw)
        if isinstance(decoded, dict | list):
            continue
        if "id" in getattr(decoded, "__struct_fields__", ()) and len(key) == 1 and key[0].isdigit():
            assert decoded.id in (int(key[0]), None), (name, key)
    # Every part an entity serves is also its own row's body at the same key, but for the one
    # old append body that embeds a part in another shape than its path answers with.
    unserved = {
        (name, key, part)
        for (name, key), served in dataset.bodies.items()
        if not isinstance(served, bytes)
        for part in served.appended
        if (PART_ROWS[name, part].name, key) not in dataset.bodies
    }
    assert unserved == {("tv.episode", ("1396", "2", "1"), "translations")}


async def test_movie_without_append_is_the_details_body(client: httpx.AsyncClient) -> None:
    response = await client.get("/movie/550", params={"language": "en-US"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body == fixture("movie_details__550.json")
    assert MOVIE_PARTS.isdisjoint(body)


async def test_append_adds_exactly_the_known_requested_parts(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/movie/550", params={"append_to_response": "credits,images,videos,watch/providers,bogus"}
    )
    assert response.status_code == 200
    body = response.json()
    base = fixture("movie_details__550.json")
    assert set(body) - set(base) == {"credits", "images", "videos", "watch/providers"}
    assert without_parts(body, "movies.details") == base
    assert body["credits"] == fixture("movie_credits__550.json")
    assert body["images"] == fixture("movie_images__550.json")
    assert body["videos"] == fixture("movie_videos__550.json")
    assert body["watch/providers"] == fixture("movie_watch_providers__550.json")


async def test_embedded_parts_are_served_only_when_requested(client: httpx.AsyncClient) -> None:
    recorded = fixture("movie_details_append__76.json")
    plain = (await client.get("/movie/76")).json()
    assert plain == without_parts(recorded, "movies.details")
    assert MOVIE_PARTS.isdisjoint(plain)
    appended = (
        await client.get("/movie/76", params={"append_to_response": "watch/providers,credits"})
    ).json()
    assert set(appended) - set(plain) == {"watch/providers", "credits"}
    assert appended["credits"] == recorded["credits"]
    assert appended["watch/providers"] == recorded["watch/providers"]


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/movie/550/credits", "movie_credits__550.json"),
        ("/movie/550/watch/providers", "movie_watch_providers__550.json"),
        ("/movie/8681/images", "movie_images__8681.json"),
        ("/person/1/combined_credits", "person_combined_credits__1.json"),
        ("/tv/1399/content_ratings", "tv_content_ratings__1399.json"),
        ("/tv/1396/credits", "tv_credits__1396.json"),
        ("/tv/1399/season/1", "tv_season__1399-s1.json"),
        ("/tv/1399/season/1/episode/1", "tv_episode__1399-s1e1.json"),
        (
            "/tv/episode_group/5acf93e60e0a26346d0000ce",
            "tv_episode_group__5acf93e60e0a26346d0000ce.json",
        ),
        ("/search/multi?query=batman", "search_multi__batman-curated.json"),
        ("/discover/movie?sort_by=popularity.desc", "movie_popular__p1.json"),
        ("/trending/all/week", "trending_all__week.json"),
        ("/find/tt0266543?external_source=imdb_id", "find__tt0266543.json"),
        ("/configuration", "configuration__2022.json"),
        ("/genre/movie/list", "genre_movie_list__en.json"),
    ],
)
async def test_a_row_with_a_body_serves_that_body(
    client: httpx.AsyncClient, path: str, name: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert response.json() == fixture(name)


async def test_a_search_for_anything_is_the_recorded_search(client: httpx.AsyncClient) -> None:
    response = await client.get("/search/multi", params={"query": "anything", "page": "1"})

    assert response.json() == fixture("search_multi__batman-curated.json")


@pytest.mark.parametrize("page", ["2", "500"])
async def test_a_page_not_recorded_is_past_the_lists_end(
    client: httpx.AsyncClient, page: str
) -> None:
    recorded = fixture("movie_popular__p1.json")

    response = await client.get("/discover/movie", params={"page": page})

    assert response.status_code == 200
    assert response.json() == {**recorded, "page": int(page), "results": []}


@pytest.mark.parametrize(
    ("path", "name", "part"),
    [
        ("/movie/76/credits", "movie_details_append__76.json", "credits"),
        ("/tv/1399/videos", "tv_details_append__1399-leandcesar.json", "videos"),
        ("/tv/1396/season/2/images", "tv_season_append__1396-s2.json", "images"),
        ("/person/287/tagged_images", "person_details_append__287.json", "tagged_images"),
    ],
)
async def test_embedded_part_path_returns_that_part(
    client: httpx.AsyncClient, path: str, name: str, part: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert response.json() == fixture(name)[part]


async def test_a_part_of_its_own_wins_over_an_embedded_one(client: httpx.AsyncClient) -> None:
    # Show 1396's details and credits were recorded together; its append body embeds other ones.
    response = await client.get("/tv/1396", params={"append_to_response": "credits,images"})
    body = response.json()
    assert without_parts(body, "tv.details") == fixture("tv_details__1396.json")
    assert body["credits"] == fixture("tv_credits__1396.json")
    assert body["credits"] != fixture("tv_details_append__1396.json")["credits"]
    assert body["images"] == fixture("tv_details_append__1396.json")["images"]


async def test_a_season_appends_its_parts(client: httpx.AsyncClient) -> None:
    recorded = fixture("tv_season_append__1396-s2.json")
    response = await client.get(
        "/tv/1396/season/2", params={"append_to_response": "credits,external_ids,videos"}
    )
    body = response.json()
    assert body == {
        **without_parts(recorded, "tv.season"),
        "credits": recorded["credits"],
        "external_ids": recorded["external_ids"],
    }


async def test_a_person_appends_a_part_of_its_own(client: httpx.AsyncClient) -> None:
    body = (await client.get("/person/1?append_to_response=combined_credits")).json()
    assert body == {
        **fixture("person_details__1.json"),
        "combined_credits": fixture("person_combined_credits__1.json"),
    }


async def test_person_in_fight_club_cast(client: httpx.AsyncClient) -> None:
    cast = fixture("movie_credits__550.json")["cast"]
    pitt = next(member for member in cast if member["id"] == 287)
    body = (await client.get("/person/287")).json()
    assert body["name"] == pitt["name"] == "Brad Pitt"
    assert body == without_parts(fixture("person_details_append__287.json"), "people.details")


async def test_tv(client: httpx.AsyncClient) -> None:
    response = await client.get("/tv/1396", params={"append_to_response": "content_ratings"})
    assert response.status_code == 200
    recorded = fixture("tv_details_append__1396.json")
    assert response.json() == {
        **fixture("tv_details__1396.json"),
        "content_ratings": recorded["content_ratings"],
    }


@pytest.mark.parametrize(
    "path",
    [
        "/movie/999999",
        "/movie/abc",
        "/movie/550/bogus",
        "/movie/8681/credits",
        "/nope",
        "/tv/1399/season/9",
        "/search/collection?query=x",
    ],
)
async def test_unknown_is_tmdb_404(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 404
    body = response.json()
    assert body == fixture("error_404_not_found__jdrouet.json")
    assert body["status_code"] == 34


async def test_only_paths_under_3_are_tmdb(client: httpx.AsyncClient) -> None:
    response = await client.get("http://tmdb.demo/movie/550")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("headers", "params"),
    [
        pytest.param({"Authorization": "Bearer wrong"}, {}, id="wrong-token"),
        pytest.param({"Authorization": TOKEN}, {}, id="no-scheme"),
        pytest.param({}, {"api_key": "abc123"}, id="wrong-key"),
        pytest.param({}, {"api_key": TOKEN}, id="token-as-key"),
        pytest.param({"Authorization": f"Bearer {TOKEN}"}, {"api_key": "abc123"}, id="both"),
        pytest.param({}, {}, id="none"),
    ],
)
async def test_bad_credential_is_tmdb_401(
    token_client: httpx.AsyncClient, headers: dict[str, str], params: dict[str, str]
) -> None:
    response = await token_client.get("/movie/550", headers=headers, params=params)
    assert response.status_code == 401
    body = response.json()
    assert body == fixture("error_401_invalid_api_key__jdrouet.json")
    assert body["status_code"] == 7


@pytest.mark.parametrize(
    ("headers", "params"),
    [
        pytest.param({}, {"api_key": "wrong"}, id="wrong-key"),
        pytest.param({"Authorization": f"Bearer {API_KEY}"}, {}, id="key-as-token"),
        pytest.param({"Authorization": "Bearer x"}, {"api_key": API_KEY}, id="both"),
        pytest.param({}, {"api_key": [API_KEY, API_KEY]}, id="key-twice"),
        pytest.param({}, {}, id="none"),
    ],
)
async def test_bad_key_is_tmdb_401(
    key_client: httpx.AsyncClient, headers: dict[str, str], params: dict[str, Any]
) -> None:
    response = await key_client.get("/movie/550", headers=headers, params=params)
    assert response.status_code == 401
    assert response.json() == fixture("error_401_invalid_api_key__jdrouet.json")


async def test_the_configured_credential_is_served(
    token_client: httpx.AsyncClient, key_client: httpx.AsyncClient
) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    by_token = await token_client.get("/movie/550", headers=headers)
    by_key = await key_client.get(
        "/movie/550", params={"api_key": API_KEY, "append_to_response": "credits"}
    )

    assert by_token.status_code == 200
    assert by_key.status_code == 200
    assert by_key.json()["credits"] == fixture("movie_credits__550.json")


async def test_any_credential_is_401_without_a_configured_one(client: httpx.AsyncClient) -> None:
    bearer = await client.get("/movie/550", headers={"Authorization": "Bearer anything"})
    assert bearer.status_code == 401
    assert (await client.get("/movie/550", params={"api_key": "x"})).status_code == 401
    assert (await client.get("/movie/550")).status_code == 200
