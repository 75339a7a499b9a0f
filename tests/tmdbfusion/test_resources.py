"""The resource table against TMDB's own documents: every GET operation of the OpenAPI spec (but
account, authentication, guest session and account states) has one row with the spec's path,
key and query parameters and types; every entity appends the spec's endpoints below it; every
lifetime follows TMDB's recorded Cache-Control."""

from __future__ import annotations

import csv
import json
import types
from email.utils import parsedate_to_datetime
from typing import Any, Literal, Union, get_args, get_origin

import pytest

from tests.tmdbfusion.helpers import FIXTURES, TOKEN
from tmdbfusion import TMDBClient
from tmdbfusion.namespaces import NAMESPACES
from tmdbfusion.resource import CHART, Param, Resource
from tmdbfusion.resources import TABLE, match

SPEC: list[dict[str, Any]] = json.loads(
    (FIXTURES / "openapi" / "tmdb-get-operations.json").read_text()
)["get_operations"]


def covered(operation: dict[str, Any]) -> bool:
    path: str = operation["path"]
    excluded = path.startswith(("/3/account", "/3/authentication", "/3/guest_session"))
    return not excluded and not path.endswith("/account_states")


COVERED = [operation for operation in SPEC if covered(operation)]
BY_PATH = {"/3" + resource.path: resource for resource in TABLE.values()}

# Where a row's type knowingly differs from the spec's: ids and years the spec calls strings
# in one operation and integers everywhere else.
SPEC_SLIPS = {
    ("movie-keywords", "movie_id"),
    ("person-combined-credits", "person_id"),
    ("tv-series-similar", "series_id"),
    ("keyword-movies", "keyword_id"),
    ("tv-episode-external-ids", "episode_number"),
    ("search-movie", "primary_release_year"),
    ("search-movie", "year"),
}
SPEC_TYPES = {"string": str, "integer": int, "number": float, "boolean": bool}
# Query parameters TMDB takes that its spec omits: trending lists are paged (a recorded answer
# counts 1,000 pages; its recorded request sent page=1, see tmdbfusion/namespaces/search.py).
SPEC_OMISSIONS = {
    ("trending-all", "page"),
    ("trending-movies", "page"),
    ("trending-people", "page"),
    ("trending-tv", "page"),
}


def test_every_covered_operation_has_exactly_one_row() -> None:
    assert len(SPEC) == 135
    assert len(COVERED) == 116
    assert len(TABLE) == len(BY_PATH) == 116
    assert sorted(BY_PATH) == sorted(operation["path"] for operation in COVERED)


def members(tp: Any) -> list[Any]:
    if get_origin(tp) in (Union, types.UnionType):
        return [m for m in get_args(tp) if m is not type(None)]
    return [tp]


def accepts(param: Param, schema: dict[str, Any]) -> bool:
    """Whether the row's type for a parameter is the spec's (an enum is a Literal of it)."""
    if "enum" in schema:
        return any(
            get_origin(m) is Literal and set(get_args(m)) == set(schema["enum"])
            for m in members(param.type)
        )
    return SPEC_TYPES[schema["type"]] in members(param.type)


@pytest.mark.parametrize("operation", COVERED, ids=lambda operation: operation["operationId"])
def test_row_matches_the_spec(operation: dict[str, Any]) -> None:
    resource = BY_PATH[operation["path"]]
    spec_params = {(p["in"], p["name"]): p for p in operation["parameters"]}
    path_params = {name for (where, name) in spec_params if where == "path"}
    query_params = {name for (where, name) in spec_params if where == "query"}

    assert {key.name for key in resource.keys} == path_params
    omitted = {name for (op, name) in SPEC_OMISSIONS if op == operation["operationId"]}
    assert {param.wire for param in resource.query.values()} == (
        query_params - {"append_to_response"}
    ) | omitted
    assert bool(resource.parts) == ("append_to_response" in query_params)
    for where, param in [("path", key) for key in resource.keys] + [
        ("query", param) for param in resource.query.values() if param.wire not in omitted
    ]:
        spec = spec_params[(where, param.wire)]
        assert param.required == spec.get("required", False), param.name
        slip = (operation["operationId"], param.wire) in SPEC_SLIPS
        assert accepts(param, spec["schema"]) != slip, param.name


# The spec lists an entity's parts only in prose ("endpoints within this namespace"): they are
# the operations one level below the entity's path.
ENTITY_PARTS = {
    "movies.details": 14,
    "tv.details": 17,
    "tv.season": 7,
    "tv.episode": 5,
    "people.details": 8,
}


@pytest.mark.parametrize(("name", "count"), ENTITY_PARTS.items())
def test_an_entity_appends_the_spec_operations_below_it(name: str, count: int) -> None:
    resource = TABLE[name]
    prefix = "/3" + resource.path + "/"
    below = {
        operation["path"].removeprefix(prefix)
        for operation in COVERED
        if operation["path"].startswith(prefix) and "{" not in operation["path"][len(prefix) :]
    }
    assert set(resource.parts) == below
    assert len(below) == count
    for part in resource.parts.values():
        alone = BY_PATH[prefix + part.name]
        # Appended, a part decodes into what its own operation returns.
        assert alone.result in members(part.type), part.name
        assert part.paged == alone.paged, part.name


def test_only_entities_take_append() -> None:
    assert {name for name, resource in TABLE.items() if resource.parts} == set(ENTITY_PARTS)


def recorded_headers() -> list[dict[str, str]]:
    """TMDB's answers recorded by other projects: path, status, Cache-Control, date."""
    text = (FIXTURES / "headers" / "recorded_response_headers.tsv").read_text()
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


def recorded_lifetimes() -> dict[str, tuple[Resource[Any], int]]:
    """The lifetime in the most recent recorded answer of each row's path."""
    latest: dict[str, tuple[Any, Resource[Any], int]] = {}
    for row in recorded_headers():
        cache_control = row["cache-control"]
        found = match(row["path"].removeprefix("/3"))
        if not cache_control or row["status"] != "200" or found is None:
            continue
        resource, _ = found
        directives = dict([*d.strip().split("="), ""][:2] for d in cache_control.split(","))
        seconds = 0 if "private" in directives else int(directives.get("max-age") or 0)
        when = parsedate_to_datetime(row["recorded"])
        if resource.name not in latest or when > latest[resource.name][0]:
            latest[resource.name] = (when, resource, seconds)
    return {name: (resource, seconds) for name, (_, resource, seconds) in latest.items()}


def test_lifetimes_follow_tmdbs_recorded_cache_control() -> None:
    lifetimes = recorded_lifetimes()
    assert len(lifetimes) >= 60
    wrong = {
        name: (resource.ttl, seconds)
        for name, (resource, seconds) in lifetimes.items()
        if resource.ttl != seconds
    }
    assert wrong == {}


def test_recorded_paths_the_table_does_not_cover_are_retired_endpoints() -> None:
    unmatched = {
        row["path"] for row in recorded_headers() if match(row["path"].removeprefix("/3")) is None
    }
    # Gone from TMDB's spec: /configuration/jobs, /discover and /release_dates replaced them.
    assert unmatched == {
        "/3/job/list",
        "/3/genre/18/movies",
        "/3/company/1/movies",
        "/3/movie/550/releases",
    }


def test_unrecorded_charts_take_the_chart_lifetime() -> None:
    # /movie/upcoming was recorded without Cache-Control; its siblings say 21600.
    assert TABLE["movies.upcoming"].ttl == CHART == TABLE["movies.popular"].ttl


def test_every_paged_operation_has_its_pages_on_both_clients() -> None:
    client = TMDBClient(token=TOKEN)
    for name, resource in TABLE.items():
        namespace, method = name.split(".")
        assert hasattr(getattr(client, namespace), f"{method}_pages") == resource.paged, name
    client.close()
    assert sum(resource.paged for resource in TABLE.values()) == 35


def test_namespaces_are_the_clients_attributes() -> None:
    client = TMDBClient(token=TOKEN)
    for namespace in NAMESPACES:
        assert type(getattr(client, namespace.namespace)) is namespace
    client.close()
    assert [namespace.namespace for namespace in NAMESPACES] == [
        "movies",
        "tv",
        "people",
        "search",
        "discover",
        "trending",
        "collections",
        "companies",
        "networks",
        "keywords",
        "reviews",
        "credits",
        "find",
        "genres",
        "certifications",
        "watch_providers",
        "configuration",
        "changes",
        "lists",
    ]


@pytest.mark.parametrize(
    ("path", "name", "keys"),
    [
        ("/movie/popular", "movies.popular", ()),
        ("/movie/550", "movies.details", ("550",)),
        ("/movie/550/watch/providers", "movies.watch_providers", ("550",)),
        ("/tv/1399/season/1/episode/2", "tv.episode", ("1399", "1", "2")),
        ("/tv/season/59905/changes", "tv.season_changes", ("59905",)),
        (
            "/tv/episode_group/5acf93e60e0a26346d0000ce",
            "tv.episode_group",
            ("5acf93e60e0a26346d0000ce",),
        ),
    ],
)
def test_match_finds_the_row_of_a_path(path: str, name: str, keys: tuple[str, ...]) -> None:
    found = match(path)
    assert found is not None
    assert (found[0].name, found[1]) == (name, keys)
