"""How long TMDB says an answer stays fresh: ``Cache-Control`` read by ``tmdbfusion.lifetime``,
and handed out by both clients' ``request_with_meta`` beside the decoded Struct."""

from __future__ import annotations

import csv

import httpx
import pytest
import respx

from tests.tmdbfusion.helpers import FIXTURES, Auth, Client, body, json_response, sent_auth, settle
from tmdbfusion import Answer, models as tmdb
from tmdbfusion.errors import NotFoundError
from tmdbfusion.lifetime import max_age
from tmdbfusion.resources import TABLE


def recorded_cache_controls() -> set[str]:
    """Every Cache-Control value TMDB sent in the recorded responses."""
    with (FIXTURES / "headers" / "recorded_response_headers.tsv").open() as rows:
        return {row["cache-control"] for row in csv.DictReader(rows, delimiter="\t")}


@pytest.mark.parametrize(
    ("cache_control", "seconds"),
    [
        pytest.param("public, max-age=28800", 28800, id="entity"),
        pytest.param("public, max-age=21600", 21600, id="chart"),
        pytest.param("public, max-age=600", 600, id="search"),
        pytest.param("public, max-age=0", 0, id="latest"),
        pytest.param("max-age=0, private, must-revalidate", 0, id="certifications"),
    ],
)
def test_tmdbs_recorded_cache_controls(cache_control: str, seconds: float) -> None:
    assert cache_control in recorded_cache_controls()
    assert max_age(httpx.Headers({"Cache-Control": cache_control})) == seconds


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        pytest.param({}, None, id="no-header"),
        pytest.param({"Cache-Control": "public"}, None, id="no-lifetime"),
        pytest.param({"Cache-Control": "public, max-age=600", "Age": "120"}, 480, id="age"),
        pytest.param({"Cache-Control": "max-age=600", "Age": "900"}, 0, id="older-than-max-age"),
        pytest.param({"Cache-Control": "max-age=600, s-maxage=60"}, 60, id="s-maxage-wins"),
        pytest.param({"Cache-Control": 'MAX-AGE="300"'}, 300, id="case-and-quotes"),
        pytest.param({"Cache-Control": "no-store"}, 0, id="no-store"),
        pytest.param({"Cache-Control": "public, max-age=600, no-cache"}, 0, id="no-cache"),
        pytest.param({"Cache-Control": "private, max-age=600"}, 0, id="private"),
        pytest.param({"Cache-Control": "max-age=ten"}, 0, id="invalid-is-stale"),
        pytest.param({"Cache-Control": "max-age=-5"}, 0, id="negative-is-stale"),
    ],
)
def test_max_age(headers: dict[str, str], seconds: float | None) -> None:
    assert max_age(httpx.Headers(headers)) == seconds


async def test_request_with_meta_hands_out_the_struct_and_its_lifetime(
    tmdb_client: Client, router: respx.Router, auth: Auth
) -> None:
    headers = {"Content-Type": "application/json", "Cache-Control": "public, max-age=28800"}
    route = router.get("/movie/550").mock(
        return_value=httpx.Response(200, content=body("movie_details__550.json"), headers=headers)
    )

    answer = await settle(tmdb_client.request_with_meta(TABLE["movies.details"], 550))
    plain = await settle(tmdb_client.request(TABLE["movies.details"], 550))

    assert isinstance(answer, Answer)
    assert isinstance(answer.value, tmdb.Movie)
    assert answer.value.title == "Fight Club"
    assert answer.max_age == 28800
    assert plain == answer.value
    assert [sent_auth(call.request) for call in route.calls] == [auth, auth]
    assert [call.request.url.path for call in route.calls] == ["/3/movie/550"] * 2


async def test_request_with_meta_says_none_without_a_header_and_raises_as_request_does(
    tmdb_client: Client, router: respx.Router, auth: Auth
) -> None:
    router.get("/movie/550").mock(return_value=json_response(body("movie_details__550.json")))
    router.get("/movie/0").mock(
        return_value=json_response(body("error_404_not_found__jdrouet.json"), 404)
    )

    answer = await settle(tmdb_client.request_with_meta(TABLE["movies.details"], 550))
    with pytest.raises(NotFoundError):
        await settle(tmdb_client.request_with_meta(TABLE["movies.details"], 0))

    assert answer.max_age is None
    assert [sent_auth(call.request) for call in router.calls] == [auth, auth]
