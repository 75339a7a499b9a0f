"""The committed schema is the served schema: frontends generate code from schema/schema.graphql."""

from __future__ import annotations

from pathlib import Path

import pytest

import schema
from schema.schema import build_schema

COMMITTED = Path(schema.__file__).parent / "schema.graphql"


def test_schema_matches_committed_snapshot() -> None:
    served = build_schema().as_str() + "\n"
    assert served == COMMITTED.read_text(), "the schema changed: run `make schema` and commit it"


def signature(type_name: str, field_name: str) -> str:
    """A field as DESIGN.md writes it: ``name(arg: Type, ...): Type``."""
    graphql_type = build_schema()._schema.get_type(type_name)
    field = graphql_type.fields[field_name]  # type: ignore[union-attr]
    args = ", ".join(f"{name}: {arg.type}" for name, arg in field.args.items())
    return f"{field_name}({args}): {field.type}" if args else f"{field_name}: {field.type}"


@pytest.mark.parametrize(
    ("type_name", "field_name", "expected"),
    [
        ("Query", "movie", "movie(id: Int!, language: String): Movie"),
        ("Query", "person", "person(id: Int!, language: String): Person"),
        ("Query", "tv", "tv(id: Int!, language: String): TVShow"),
        ("Movie", "title", "title: String!"),
        ("Movie", "releaseDate", "releaseDate: Date"),
        ("Movie", "genres", "genres: [Genre!]!"),
        ("Movie", "revenue", "revenue: BigInt"),
        ("Movie", "budget", "budget: BigInt"),
        ("Movie", "credits", "credits: Credits!"),
        ("Movie", "images", "images: Images!"),
        ("Movie", "videos", "videos: [Video!]!"),
        ("Movie", "posterUrl", "posterUrl(size: PosterSize!): String"),
        ("Credits", "cast", "cast(first: Int): [CastCredit!]!"),
        ("Credits", "crew", "crew(first: Int): [CrewCredit!]!"),
        ("CastCredit", "person", "person: Person"),
        ("CrewCredit", "person", "person: Person"),
        ("Image", "iso6391", "iso6391: String"),
        ("Video", "official", "official: Boolean"),
        ("Person", "profileUrl", "profileUrl(size: ProfileSize!): String"),
        ("TVShow", "numberOfSeasons", "numberOfSeasons: Int"),
    ],
)
def test_core_schema_is_served_as_designed(type_name: str, field_name: str, expected: str) -> None:
    assert signature(type_name, field_name) == expected
