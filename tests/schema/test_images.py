"""Image URLs: each kind's size enum is generated from a recorded /configuration body, and the
base every URL starts with is /configuration's, fetched once and then served from the cache."""

from __future__ import annotations

import httpx
import pytest
import respx
from graphql import GraphQLObjectType

from gateway.config import Settings
from schema import imagebase, imageconfig
from schema.imagebase import IMAGE_URL_FIELDS
from schema.imagesizes import KINDS, generate
from schema.schema import build_schema
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


# Every URL field and the size enum of its image kind: a path field's `xUrl` and each kind's
# image records' `fileUrl`.
KIND_OF_URL = {
    "posterUrl": "PosterSize",
    "backdropUrl": "BackdropSize",
    "profileUrl": "ProfileSize",
    "stillUrl": "StillSize",
    "logoUrl": "LogoSize",
    "avatarUrl": "ProfileSize",  # a reviewer's picture
}
KIND_OF_IMAGE = {
    "PosterImage": "PosterSize",
    "BackdropImage": "BackdropSize",
    "ProfileImage": "ProfileSize",
    "StillImage": "StillSize",
    "LogoImage": "LogoSize",
}


def size_enums() -> dict[tuple[str, str], str]:
    """(type, field) -> the enum of its ``size`` argument, for every URL field served."""
    found = {}
    for type_ in build_schema()._schema.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
            continue
        for name, field in type_.fields.items():
            if name in IMAGE_URL_FIELDS:
                size = field.args["size"].type
                found[(type_.name, name)] = str(getattr(size, "of_type", size))
    return found


def test_every_image_url_takes_the_sizes_of_its_kind() -> None:
    enums = size_enums()
    for (type_name, field), enum in enums.items():
        expected = KIND_OF_IMAGE[type_name] if field == "fileUrl" else KIND_OF_URL[field]
        assert enum == expected, (type_name, field)
    # Each path of each kind has its URL, and each kind of image record its type.
    assert {t for t, f in enums if f == "fileUrl"} == set(KIND_OF_IMAGE)
    assert {f for _, f in enums} == set(KIND_OF_URL) | {"fileUrl"}


async def test_each_kind_of_image_record_is_sized_as_its_kind(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    images = fixture_json("movie_images__550.json")
    movie = {**fixture_json("movie_details__550.json"), "images": images}
    tmdb.get("/movie/550").mock(return_value=httpx.Response(200, json=movie))
    tmdb.get("/person/287").mock(return_value=ok("person_details_append__287.json"))
    tmdb.get("/tv/1396/season/2/episode/1").mock(
        return_value=ok("tv_episode_append__1396-s2e1.json")
    )
    tmdb.get("/configuration").mock(return_value=ok("configuration__2022.json"))

    result = await graphql(
        client,
        """{ movie(id: 550) { images {
               posters { __typename fileUrl(size: W342) }
               backdrops { __typename fileUrl(size: W1280) }
               logos { __typename fileUrl(size: W45) } } }
             person(id: 287) { images { profiles { __typename fileUrl(size: H632) } } }
             tv(id: 1396) { season(number: 2) { episode(number: 1) {
               images { stills { __typename fileUrl } } } } } }""",
    )

    assert "errors" not in result
    base = imageconfig.RECORDED_BASE_URL

    def sized(kind: str, size: str, items: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{"__typename": kind, "fileUrl": f"{base}{size}{i['file_path']}"} for i in items]

    assert result["data"]["movie"]["images"] == {
        "posters": sized("PosterImage", "w342", images["posters"]),
        "backdrops": sized("BackdropImage", "w1280", images["backdrops"]),
        "logos": sized("LogoImage", "w45", images["logos"]),
    }
    profiles = fixture_json("person_details_append__287.json")["images"]["profiles"]
    assert result["data"]["person"]["images"]["profiles"] == sized("ProfileImage", "h632", profiles)
    stills = fixture_json("tv_episode_append__1396-s2e1.json")["images"]["stills"]
    episode = result["data"]["tv"]["season"]["episode"]
    assert episode["images"]["stills"] == sized("StillImage", "original", stills)
    assert sorted(upstream_calls(tmdb, settings)) == [
        ("/3/configuration", set()),
        ("/3/movie/550", {"images"}),
        ("/3/person/287", {"images"}),
        ("/3/tv/1396/season/2/episode/1", {"images"}),
    ]


@pytest.mark.parametrize(
    ("selection", "size"),
    [
        ("movie(id: 550) { images { posters { fileUrl(size: W1280) } } }", "W1280"),
        ("movie(id: 550) { images { backdrops { fileUrl(size: W500) } } }", "W500"),
        ("person(id: 287) { images { profiles { fileUrl(size: W500) } } }", "W500"),
    ],
)
async def test_a_size_the_kind_is_not_rendered_in_is_refused_before_tmdb(
    client: httpx.AsyncClient, tmdb: respx.Router, selection: str, size: str
) -> None:
    result = await graphql(client, f"{{ {selection} }}")

    assert not tmdb.calls
    [error] = result["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert size in error["message"]


async def test_a_reviewers_avatar_is_a_tmdb_image_or_its_gravatar_url(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    reviews = fixture_json("movie_reviews__550.json")
    movie = {**fixture_json("movie_details__550.json"), "reviews": reviews}
    tmdb.get("/movie/550").mock(return_value=httpx.Response(200, json=movie))
    tmdb.get("/configuration").mock(return_value=ok("configuration__2022.json"))

    result = await graphql(
        client,
        """{ movie(id: 550) { reviews { results { authorDetails {
             avatarUrl small: avatarUrl(size: W185) } } } } }""",
    )

    base = imageconfig.RECORDED_BASE_URL
    paths = [r["author_details"]["avatar_path"] for r in reviews["results"]]
    # The recorded page holds Gravatar avatars, a TMDB one and none.
    assert {p is None or p.startswith("/https://") for p in paths} == {True, False}

    def url(path: str | None, size: str) -> str | None:
        if path is None:
            return None
        return path.removeprefix("/") if path.startswith("/https://") else f"{base}{size}{path}"

    assert result["data"]["movie"]["reviews"]["results"] == [
        {"authorDetails": {"avatarUrl": url(p, "w45"), "small": url(p, "w185")}} for p in paths
    ]
    assert sorted(upstream_calls(tmdb, settings)) == [
        ("/3/configuration", set()),
        ("/3/movie/550", {"reviews"}),
    ]
