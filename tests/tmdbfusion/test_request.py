"""The sans-IO core: a request built from the table and an answer read into a Struct or an
error, with no HTTP client anywhere."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tmdbfusion.helpers import KEY, TMDB, TOKEN, body
from tmdbfusion import NotFoundError, models
from tmdbfusion.request import Credentials, build
from tmdbfusion.resources import TABLE
from tmdbfusion.response import decode

KEYED = Credentials(api_key=KEY, base_url=TMDB)
BEARER = Credentials(token=TOKEN, base_url=TMDB)


def test_query_is_sorted_in_tmdbs_names_with_the_key_last() -> None:
    request = build(
        TABLE["discover.movie"],
        (),
        {
            "with_genres": "18|27",
            "sort_by": "popularity.desc",
            "vote_average_gte": 7.5,
            "include_adult": False,
            "page": 2,
            "region": None,
        },
        KEYED,
    )
    assert request.url == (
        f"{TMDB}/discover/movie?include_adult=false&page=2&sort_by=popularity.desc"
        f"&vote_average.gte=7.5&with_genres=18%7C27&api_key={KEY}"
    )
    assert request.path == "/discover/movie"


def test_one_call_always_builds_one_url() -> None:
    first = build(TABLE["movies.popular"], (), {"region": "DE", "page": 3}, BEARER)
    second = build(TABLE["movies.popular"], (), {"page": 3, "region": "DE"}, BEARER)
    assert first.url == second.url == f"{TMDB}/movie/popular?page=3&region=DE"


def test_parts_are_deduplicated_sorted_and_comma_joined() -> None:
    request = build(
        TABLE["movies.details"],
        (550,),
        {"append": ["videos", "watch/providers", "credits", "videos"], "language": "de"},
        BEARER,
    )
    assert request.url == (
        f"{TMDB}/movie/550?append_to_response=credits,videos,watch/providers&language=de"
    )
    assert request.parts == ("credits", "videos", "watch/providers")


def test_an_empty_append_sends_none() -> None:
    request = build(TABLE["movies.details"], (550,), {"append": []}, BEARER)
    assert request.url == f"{TMDB}/movie/550"
    assert request.parts == ()


def test_key_parameters_are_quoted_into_the_path() -> None:
    request = build(TABLE["find.by_id"], ("tt 01/2?",), {"external_source": "imdb_id"}, BEARER)
    assert request.path == "/find/tt%2001%2F2%3F"


def test_the_key_is_quoted() -> None:
    request = build(TABLE["configuration.details"], (), {}, Credentials(api_key="a&b=c"))
    assert request.url.endswith("/configuration?api_key=a%26b%3Dc")


@pytest.mark.parametrize(
    ("name", "keys", "query", "error", "message"),
    [
        pytest.param(
            "movies.popular",
            (),
            {"pag": 2},
            TypeError,
            "unexpected keyword argument 'pag'",
            id="unknown-keyword",
        ),
        pytest.param(
            "search.movie",
            (),
            {"page": 2},
            TypeError,
            "missing required keyword argument 'query'",
            id="missing-required",
        ),
        pytest.param("tv.season", (1399,), {}, TypeError, "takes 2 key arguments", id="keys"),
        pytest.param(
            "movies.details",
            (550,),
            {"append": "credits"},
            TypeError,
            "a list of part names",
            id="append-string",
        ),
        pytest.param(
            "movies.popular",
            (),
            {"append": ["credits"]},
            TypeError,
            "unexpected keyword",
            id="append-on-a-list",
        ),
    ],
)
def test_a_call_the_table_does_not_describe_is_refused(
    name: str, keys: tuple[Any, ...], query: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        build(TABLE[name], keys, query, BEARER)


def test_decode_reads_a_body_without_any_http_client() -> None:
    resource = TABLE["movies.details"]
    request = build(resource, (76,), {"append": ["credits"]}, BEARER)
    movie = decode(resource, request, 200, {}, body("movie_details_append__76.json"))
    assert isinstance(movie, models.Movie)
    assert movie.credits is not None


def test_decode_turns_an_error_status_into_its_error() -> None:
    resource = TABLE["movies.details"]
    request = build(resource, (1,), {}, KEYED)
    with pytest.raises(NotFoundError) as caught:
        decode(resource, request, 404, {}, body("error_404_not_found__jdrouet.json"))
    assert caught.value.tmdb_code == 34


@pytest.mark.parametrize(
    ("arguments", "environ", "expected"),
    [
        pytest.param({}, {"TMDB_API_KEY": KEY}, (None, KEY, TMDB), id="env-key"),
        pytest.param(
            {"api_key": KEY},
            {"TMDB_READ_ACCESS_TOKEN": TOKEN},
            (TOKEN, None, TMDB),
            id="token-wins-over-key",
        ),
        pytest.param(
            {"token": TOKEN, "base_url": "http://fake/3/"},
            {},
            (TOKEN, None, "http://fake/3"),
            id="arguments",
        ),
        pytest.param(
            {"api_key": KEY},
            {"TMDB_API_KEY": "other", "TMDB_BASE_URL": "http://env/3"},
            (None, KEY, "http://env/3"),
            id="argument-wins",
        ),
        pytest.param(
            {},
            {"TMDB_READ_ACCESS_TOKEN": "", "TMDB_API_KEY": KEY},
            (None, KEY, TMDB),
            id="blank-is-unset",
        ),
    ],
)
def test_credentials_resolve(
    arguments: dict[str, str], environ: dict[str, str], expected: tuple[str | None, ...]
) -> None:
    credentials = Credentials.resolve(
        arguments.get("token"), arguments.get("api_key"), arguments.get("base_url"), environ=environ
    )
    assert (credentials.token, credentials.api_key, credentials.base_url) == expected
    assert KEY not in repr(credentials)
    assert TOKEN not in repr(credentials)
