"""The embedded demo upstream answers like TMDB v3, checked against the recorded fixture bodies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from importlib.resources import files
from typing import Any

import httpx
import pytest

from gateway.demo.dataset import APPEND_PARTS, Kind
from gateway.demo.upstream import create_demo_upstream
from tests.helpers import API_KEY, FIXTURES, TOKEN, fixture_json

MOVIE_PARTS = APPEND_PARTS["movie"]


def fixture(name: str) -> dict[str, Any]:
    body: dict[str, Any] = fixture_json(name)
    return body


def without_parts(body: dict[str, Any], kind: Kind) -> dict[str, Any]:
    return {key: value for key, value in body.items() if key not in APPEND_PARTS[kind]}


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


def test_demo_data_are_the_recorded_fixtures() -> None:
    data = files("gateway.demo").joinpath("data")
    names = sorted(entry.name for entry in data.iterdir() if entry.name.endswith(".json"))
    assert names
    for name in names:
        assert data.joinpath(name).read_bytes() == (FIXTURES / name).read_bytes(), name


async def test_movie_without_append_is_the_details_body(client: httpx.AsyncClient) -> None:
    response = await client.get("/movie/550", params={"language": "en-US"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body == fixture("movie_details__550.json")
    assert MOVIE_PARTS.isdisjoint(body)


async def test_append_adds_exactly_the_known_requested_parts(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/movie/550", params={"append_to_response": "credits,images,videos,bogus"}
    )
    assert response.status_code == 200
    body = response.json()
    base = fixture("movie_details__550.json")
    assert set(body) - set(base) == {"credits", "images", "videos"}
    assert without_parts(body, "movie") == base
    assert body["credits"] == fixture("movie_credits__550.json")
    assert body["images"] == fixture("movie_images__550.json")
    assert body["videos"] == fixture("movie_videos__550.json")


async def test_embedded_parts_are_served_only_when_requested(client: httpx.AsyncClient) -> None:
    recorded = fixture("movie_details_append__76.json")
    plain = (await client.get("/movie/76")).json()
    assert plain == without_parts(recorded, "movie")
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
        ("/person/1/combined_credits", "person_combined_credits__1.json"),
        ("/tv/1399/content_ratings", "tv_content_ratings__1399.json"),
    ],
)
async def test_part_path_returns_the_part_body(
    client: httpx.AsyncClient, path: str, name: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert response.json() == fixture(name)


async def test_embedded_part_path_returns_that_part(client: httpx.AsyncClient) -> None:
    response = await client.get("/tv/1396/credits")
    assert response.json() == fixture("tv_details_append__1396.json")["credits"]


async def test_person_in_fight_club_cast(client: httpx.AsyncClient) -> None:
    cast = fixture("movie_credits__550.json")["cast"]
    pitt = next(member for member in cast if member["id"] == 287)
    body = (await client.get("/person/287")).json()
    assert body["name"] == pitt["name"] == "Brad Pitt"
    assert body == without_parts(fixture("person_details_append__287.json"), "person")


async def test_tv(client: httpx.AsyncClient) -> None:
    response = await client.get("/tv/1396", params={"append_to_response": "content_ratings"})
    assert response.status_code == 200
    recorded = fixture("tv_details_append__1396.json")
    assert response.json() == {
        **without_parts(recorded, "tv"),
        "content_ratings": recorded["content_ratings"],
    }


@pytest.mark.parametrize(
    "path", ["/movie/999999", "/movie/abc", "/movie/550/bogus", "/movie/8681/credits", "/nope"]
)
async def test_unknown_is_tmdb_404(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 404
    body = response.json()
    assert body == fixture("error_404_not_found__jdrouet.json")
    assert body["status_code"] == 34


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
