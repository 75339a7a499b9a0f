"""Every real TMDB entity body we keep decodes through the row the gateway loads it by, and
loses nothing the schema serves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import pytest

from tests.helpers import FIXTURES, body, fixture_json
from tmdbfusion import models
from tmdbfusion.resources import TABLE

KINDS = ("movie", "person", "tv")
# The row each kind of body answers, by the file name's prefix.
ROWS = {
    "movie": TABLE["movies.details"],
    "person": TABLE["people.details"],
    "tv": TABLE["tv.details"],
}
# The appended parts the schema serves; a body holds each only if it was asked for.
PARTS = ("credits", "images", "videos", "keywords")

DETAILS = sorted(path.name for kind in KINDS for path in FIXTURES.glob(f"{kind}_details*.json"))

PART_BODIES: list[tuple[str, type[msgspec.Struct]]] = [
    ("movie_credits*.json", models.Credits),
    ("tv_credits*.json", models.Credits),
    ("movie_images*.json", models.Images),
    ("movie_videos*.json", models.Videos),
    ("movie_keywords*.json", models.MovieKeywords),
]
PART_FILES = sorted(
    (path.name, wire_type)
    for pattern, wire_type in PART_BODIES
    for path in FIXTURES.glob(pattern)
    if path.is_file()
)


def kind_of(name: str) -> str:
    return Path(name).name.split("_", 1)[0]


def assert_lists_match(decoded: msgspec.Struct, data: dict[str, Any]) -> int:
    """Each list the Struct declares has the JSON's length and its items' ids or paths.

    Returns how many lists were compared, so a caller can tell the check was not vacuous.
    """
    compared = 0
    for field in decoded.__struct_fields__:
        value = getattr(decoded, field)
        if not isinstance(value, list) or field not in data:
            continue
        assert len(value) == len(data[field]), field
        for item, raw in zip(value, data[field], strict=True):
            declared = getattr(item, "__struct_fields__", ())
            for key in ("id", "file_path", "key", "credit_id", "name"):
                if key in declared and key in raw:
                    assert getattr(item, key) == raw[key], (field, key)
        compared += 1
    return compared


def test_fixtures_are_found() -> None:
    # A broken glob would otherwise parametrize the tests below over nothing.
    assert {kind_of(name) for name in DETAILS} == set(KINDS)
    assert {wire_type for _, wire_type in PART_FILES} == {
        models.Credits,
        models.Images,
        models.Videos,
        models.MovieKeywords,
    }


@pytest.mark.parametrize("name", DETAILS)
def test_details_body_decodes(name: str) -> None:
    kind = kind_of(name)
    data = fixture_json(name)

    entity = ROWS[kind].decoder.decode(body(name))

    assert (
        type(entity)
        is {"movie": models.Movie, "person": models.Person, "tv": models.TVSeries}[kind]
    )
    assert entity.id == data["id"]
    assert getattr(entity, "title" if kind == "movie" else "name") == data.get(
        "title" if kind == "movie" else "name"
    )
    assert_lists_match(entity, data)
    for part in PARTS:
        if part not in ROWS[kind].parts:
            assert part not in data, f"{kind} does not declare {part}"
            continue
        decoded = getattr(entity, part)
        if part in data:
            assert decoded is not None, part
            assert assert_lists_match(decoded, data[part]) >= 1, part
        else:
            assert decoded is None, part


def test_append_body_carries_its_parts() -> None:
    movie = ROWS["movie"].decoder.decode(body("movie_details_append__76.json"))
    data = fixture_json("movie_details_append__76.json")

    assert movie.credits is not None
    assert movie.credits.cast
    assert movie.credits.cast[0].name == data["credits"]["cast"][0]["name"]
    assert movie.videos is not None
    assert [v.key for v in movie.videos.results] == [v["key"] for v in data["videos"]["results"]]
    assert movie.keywords is not None
    assert [k.name for k in movie.keywords.keywords] == [
        k["name"] for k in data["keywords"]["keywords"]
    ]


def test_person_numbers_sent_as_strings_decode() -> None:
    # Person 33's recorded body sends "popularity" as a string; lax mode reads it as a number.
    data = fixture_json("person_details_append__33.json")
    assert isinstance(data["popularity"], str)

    person = ROWS["person"].decoder.decode(body("person_details_append__33.json"))

    assert person.popularity == pytest.approx(float(data["popularity"]))


@pytest.mark.parametrize(("name", "wire_type"), PART_FILES, ids=[name for name, _ in PART_FILES])
def test_part_body_decodes(name: str, wire_type: type[msgspec.Struct]) -> None:
    data = fixture_json(name)

    part = msgspec.json.decode(body(name), type=wire_type, strict=False)

    assert assert_lists_match(part, data) >= 1
