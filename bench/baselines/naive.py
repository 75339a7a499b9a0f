"""The naive gateway, as tutorials write one: one REST call per field resolver.

Strawberry's stock ASGI app in Starlette, a module-level ``httpx.AsyncClient`` with its default
transport, ``response.json()`` into dicts copied into Strawberry dataclasses, and an async
resolver per sub-resource that GETs its own endpoint (``/movie/{id}/credits``, ``/images``,
``/videos``, ``/person/{id}``): no ``append_to_response``, no loaders, no caches. It is the
baseline the gateway's cold throughput must beat by 2x. Served as
``bench.baselines.naive:app``.
"""

from __future__ import annotations

import datetime
from typing import Any

import httpx
import strawberry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL

from bench.baselines import common

_base, _headers = common.upstream()
client = httpx.AsyncClient(base_url=_base, headers=_headers)


async def get_json(path: str) -> Any:
    response = await client.get(path)
    response.raise_for_status()
    return response.json()


def parse_date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@strawberry.type
class Genre:
    id: int
    name: str


@strawberry.type
class Image:
    file_path: str
    width: int | None
    height: int | None
    aspect_ratio: float | None
    iso6391: str | None
    vote_average: float | None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Image:
        return cls(
            file_path=d["file_path"],
            width=d.get("width"),
            height=d.get("height"),
            aspect_ratio=d.get("aspect_ratio"),
            iso6391=d.get("iso_639_1"),
            vote_average=d.get("vote_average"),
        )


@strawberry.type
class Images:
    posters: list[Image]
    backdrops: list[Image]
    logos: list[Image]


@strawberry.type
class Video:
    key: str
    name: str
    site: str
    type: str
    official: bool | None


@strawberry.type
class Person:
    id: int
    name: str
    birthday: datetime.date | None
    deathday: datetime.date | None
    place_of_birth: str | None
    biography: str | None
    profile_path: str | None


async def fetch_person(person_id: int) -> Person:
    d = await get_json(f"/person/{person_id}")
    return Person(
        id=d["id"],
        name=d["name"],
        birthday=parse_date(d.get("birthday")),
        deathday=parse_date(d.get("deathday")),
        place_of_birth=d.get("place_of_birth"),
        biography=d.get("biography"),
        profile_path=d.get("profile_path"),
    )


@strawberry.type
class CastCredit:
    id: int
    name: str
    character: str | None
    order: int | None
    profile_path: str | None

    @strawberry.field
    async def person(self) -> Person | None:
        return await fetch_person(self.id)


@strawberry.type
class CrewCredit:
    id: int
    name: str
    job: str | None
    department: str | None
    profile_path: str | None

    @strawberry.field
    async def person(self) -> Person | None:
        return await fetch_person(self.id)


@strawberry.type
class Credits:
    all_cast: strawberry.Private[list[CastCredit]]
    all_crew: strawberry.Private[list[CrewCredit]]

    @strawberry.field
    def cast(self, first: int | None = None) -> list[CastCredit]:
        return self.all_cast if first is None else self.all_cast[:first]

    @strawberry.field
    def crew(self, first: int | None = None) -> list[CrewCredit]:
        return self.all_crew if first is None else self.all_crew[:first]


@strawberry.type
class Movie:
    id: int
    title: str
    overview: str | None
    release_date: datetime.date | None
    runtime: int | None
    genres: list[Genre]
    poster_path: str | None

    @strawberry.field
    async def credits(self) -> Credits:
        d = await get_json(f"/movie/{self.id}/credits")
        cast = [
            CastCredit(
                id=c["id"],
                name=c["name"],
                character=c.get("character"),
                order=c.get("order"),
                profile_path=c.get("profile_path"),
            )
            for c in d["cast"]
        ]
        crew = [
            CrewCredit(
                id=c["id"],
                name=c["name"],
                job=c.get("job"),
                department=c.get("department"),
                profile_path=c.get("profile_path"),
            )
            for c in d["crew"]
        ]
        return Credits(all_cast=cast, all_crew=crew)

    @strawberry.field
    async def images(self) -> Images:
        d = await get_json(f"/movie/{self.id}/images")
        return Images(
            posters=[Image.from_dict(i) for i in d["posters"]],
            backdrops=[Image.from_dict(i) for i in d["backdrops"]],
            logos=[Image.from_dict(i) for i in d["logos"]],
        )

    @strawberry.field
    async def videos(self) -> list[Video]:
        d = await get_json(f"/movie/{self.id}/videos")
        return [
            Video(
                key=v["key"],
                name=v["name"],
                site=v["site"],
                type=v["type"],
                official=v.get("official"),
            )
            for v in d["results"]
        ]


@strawberry.type
class Query:
    @strawberry.field
    async def movie(self, id: int, language: str | None = None) -> Movie | None:
        d = await get_json(f"/movie/{id}")
        return Movie(
            id=d["id"],
            title=d["title"],
            overview=d.get("overview"),
            release_date=parse_date(d.get("release_date")),
            runtime=d.get("runtime"),
            genres=[Genre(id=g["id"], name=g["name"]) for g in d.get("genres", [])],
            poster_path=d.get("poster_path"),
        )

    @strawberry.field
    async def person(self, id: int, language: str | None = None) -> Person | None:
        return await fetch_person(id)


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


schema = strawberry.Schema(Query)
app = Starlette(routes=[Route("/healthz", healthz), Route("/graphql", GraphQL[None, None](schema))])
