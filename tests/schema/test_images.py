"""Image URLs: each kind's size enum is generated from a recorded /configuration body, and the
base every URL starts with is /configuration's, fetched once and then served from the cache."""

from __future__ import annotations

import httpx
import pytest
import respx

from gateway.config import Settings
from schema import imagebase, imageconfig
from schema.imagesizes import KINDS, generate
from tests.helpers import FIXTURES, body, fixture_json, graphql, ok, upstream_calls

RECORDED = "configuration__2022.json"
POSTER = fixture_json("movie_details__550.json")["poster_path"]


def test_the_committed_enums_are_generated_from_the_recorded_body() -> None:
    source = f"gateway/demo/data/{RECORDED}"
    assert (FIXTURES / RECORDED).exists()
    committed = imageconfig.__file__
    with open(committed, encoding="utf-8") as file:
        assert file.read() == generate(body(RECORDED), source), "run `make schema`"


@pytest.mark.parametrize("enum", sorted(KINDS))
def test_each_kind_offers_exactly_tmdbs_sizes(enum: str) -> None:
    sizes = fixture_json(RECORDED)["images"][KINDS[enum][0]]
    assert [member.value for member in getattr(imageconfig, enum)] == sizes
    assert "original" in sizes


def test_the_recorded_base_is_the_bodys() -> None:
    recorded = fixture_json(RECORDED)["images"]["secure_base_url"]
    assert recorded == imageconfig.RECORDED_BASE_URL


async def test_the_image_base_is_fetched_once_and_only_for_urls(
    client: httpx.AsyncClient,
    tmdb: respx.Router,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # TMDB's answer with another base (a real body, edited), so the URLs show whose base they use.
    monkeypatch.setattr(imagebase, "_base", imageconfig.RECORDED_BASE_URL)
    configuration = fixture_json(RECORDED)
    configuration["images"]["secure_base_url"] = "https://images.example.org/t/p/"
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))
    tmdb.get("/configuration").mock(return_value=httpx.Response(200, json=configuration))

    plain = await graphql(client, "{ movie(id: 550) { posterPath } }")
    first = await graphql(client, "{ movie(id: 550) { posterUrl(size: W92) } }")
    second = await graphql(client, "{ movie(id: 550) { small: posterUrl(size: W92) } }")

    assert plain["data"]["movie"] == {"posterPath": POSTER}
    assert first["data"]["movie"] == {"posterUrl": f"https://images.example.org/t/p/w92{POSTER}"}
    assert second["data"]["movie"] == {"small": f"https://images.example.org/t/p/w92{POSTER}"}
    # The movie once (then cached), the configuration once, by the first query with a URL.
    assert upstream_calls(tmdb, settings) == [
        ("/3/movie/550", set()),
        ("/3/configuration", set()),
    ]


async def test_urls_keep_the_known_base_when_tmdb_fails_to_answer(
    client: httpx.AsyncClient,
    tmdb: respx.Router,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(imagebase, "_base", imageconfig.RECORDED_BASE_URL)
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))
    tmdb.get("/configuration").mock(return_value=httpx.Response(500))

    result = await graphql(client, "{ movie(id: 550) { title posterUrl } }")

    assert "errors" not in result
    assert result["data"]["movie"]["posterUrl"] == f"{imageconfig.RECORDED_BASE_URL}w500{POSTER}"
    assert sorted(upstream_calls(tmdb, settings)) == [
        ("/3/configuration", set()),
        ("/3/movie/550", set()),
    ]
