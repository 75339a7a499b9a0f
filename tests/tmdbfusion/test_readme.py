"""The README's "Use it as a library" examples run as written, against a mocked TMDB serving
real bodies, and send exactly the requests the README says they do."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
import respx

from tests.tmdbfusion.helpers import KEY, TMDB, TOKEN, body, json_response, sent_auth

README = Path(__file__).parent.parent.parent / "README.md"


def library_examples() -> list[str]:
    """The python blocks of the section, padded so that tracebacks give README line numbers."""
    text = README.read_text()
    start = text.index("## Use it as a library\n")
    end = text.index("\n## ", start)
    pattern = re.compile(r"```python\n(.*?)```", flags=re.DOTALL)
    return [
        "\n" * text.count("\n", 0, found.start(1)) + found.group(1)
        for found in pattern.finditer(text, start, end)
    ]


def serve(router: respx.Router, path: str, fixture: str, status: int = 200) -> None:
    router.get(path).mock(return_value=json_response(body(fixture), status))


@pytest.fixture(
    params=[
        pytest.param({"TMDB_READ_ACCESS_TOKEN": TOKEN}, id="bearer"),
        pytest.param({"TMDB_API_KEY": KEY}, id="key"),
    ]
)
def tmdb_env(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name in ("TMDB_READ_ACCESS_TOKEN", "TMDB_API_KEY", "TMDB_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    env: dict[str, str] = request.param
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def run(example: str) -> None:
    exec(compile(example, str(README), "exec"), {"__name__": "__readme__"})


def sent(router: respx.Router) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (
            call.request.url.path.removeprefix("/3"),
            [(k, v) for k, v in call.request.url.params.multi_items() if k != "api_key"],
        )
        for call in router.calls
    ]


def test_the_readme_has_a_sync_and_an_async_example() -> None:
    examples = library_examples()
    assert len(examples) == 2
    assert "TMDBClient()" in examples[0]
    assert "async with AsyncTMDBClient()" in examples[1]


def test_the_sync_example(tmdb_env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    # The README's client builds its own connection pool, so TMDB is mocked below httpx.
    with respx.mock(base_url=TMDB, assert_all_called=True) as router:
        serve(router, "/movie/76", "movie_details_append__76.json")
        serve(router, "/movie/popular", "movie_popular__p1.json")
        serve(router, "/movie/top_rated", "movie_top_rated__p1.json")
        serve(router, "/tv/1399", "tv_details__1399.json")
        serve(router, "/tv/1399/season/1", "tv_season__1399-s1.json")
        serve(router, "/tv/1399/season/1/episode/1", "tv_episode__1399-s1e1.json")
        serve(router, "/person/287", "person_details_append__287.json")
        serve(router, "/search/multi", "search_multi__batman-curated.json")
        serve(router, "/discover/movie", "movie_popular__p1.json")
        serve(router, "/trending/all/week", "trending_all__week.json")

        run(library_examples()[0])
        requests = sent(router)
        auths = [sent_auth(call.request) for call in router.calls]

    assert requests == [
        ("/movie/76", [("append_to_response", "credits,videos")]),
        ("/movie/popular", [("page", "2")]),
        ("/movie/top_rated", [("page", "1"), ("region", "DE")]),
        ("/movie/top_rated", [("page", "2"), ("region", "DE")]),
        ("/movie/top_rated", [("page", "3"), ("region", "DE")]),
        ("/tv/1399", []),
        ("/tv/1399/season/1", []),
        ("/tv/1399/season/1/episode/1", []),
        ("/person/287", [("append_to_response", "combined_credits")]),
        ("/search/multi", [("query", "Star Wars")]),
        (
            "/discover/movie",
            [
                ("primary_release_year", "1999"),
                ("sort_by", "vote_average.desc"),
                ("with_genres", "18"),
            ],
        ),
        ("/trending/all/week", []),
    ]
    expected_auth = {"token": TOKEN} if "TMDB_READ_ACCESS_TOKEN" in tmdb_env else {"api_key": KEY}
    assert auths == [expected_auth] * len(requests)
    printed = capsys.readouterr().out.splitlines()
    assert printed[:2] == ["Before Sunrise with Ethan Hawke", "1 video"]
    assert "Game of Thrones Season 1 Winter Is Coming" in printed
    assert "Brad Pitt in 2 films and shows" in printed
    assert printed[-4:] == [
        "CollectionSummary 1703735",
        "MovieSummary 11",
        "TVSeriesSummary 83867",
        "PersonSummary 12835",
    ]


def test_the_async_example(
    tmdb_env: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # respx mocks httpx's own transports; the async client's default is aiohttp's, so here it
    # gets httpx's, which the mock intercepts. Everything above the transport is the same.
    monkeypatch.setattr("tmdbfusion.client.AiohttpTransport", httpx.AsyncHTTPTransport)
    with respx.mock(base_url=TMDB, assert_all_called=True) as router:
        serve(router, "/movie/76", "movie_details_append__76.json")
        serve(router, "/tv/1399", "tv_details__1399.json")
        serve(router, "/search/movie", "search_movie__disney.json")
        serve(router, "/person/0", "error_404_not_found__jdrouet.json", status=404)

        run(library_examples()[1])
        requests = sent(router)

    assert sorted(requests) == [
        ("/movie/76", []),
        ("/person/0", []),
        ("/search/movie", [("page", "1"), ("query", "Disney")]),
        ("/tv/1399", []),
    ]
    assert capsys.readouterr().out.splitlines() == [
        "Before Sunrise / Game of Thrones",
        "20 of 660",
        "404 TMDB answered 404 for /person/0: The resource you requested could not be found.",
    ]
