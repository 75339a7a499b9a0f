"""The warm floor: a bare Strawberry schema answering from decoded Structs held in memory.

This is the least a Strawberry server can do per warm query: parsing and validation are cached,
every resolver is synchronous, and the root resolvers hand msgspec Structs straight to
Strawberry's default ``getattr`` resolver; only fields whose name or shape differs from the wire
(dates, ``iso6391``, ``videos``, ``cast(first:)``) have resolvers. A miss decodes the same
synthetic body the fake TMDB serves and keeps it, so pre-warming fills the store; nothing is
fetched over the network. Served by uvicorn as ``bench.baselines.warm_floor:app``.

The resolvers below ``cast`` Structs to the Strawberry types they stand in for: Strawberry only
reads attributes from them, and the Structs have those attributes under the same names.
"""

from __future__ import annotations

import datetime
import typing
from typing import Any

import msgspec
import strawberry
from starlette.types import Receive, Scope, Send
from strawberry.extensions import ParserCache, ValidationCache

from bench import synthetic
from bench.baselines import common
from tmdbfusion import models as tmdb

_movie_decoder = msgspec.json.Decoder(tmdb.Movie, strict=False)
_person_decoder = msgspec.json.Decoder(tmdb.Person, strict=False)
_movies: dict[int, tmdb.Movie] = {}
_people: dict[int, tmdb.Person] = {}


def _movie(movie_id: int) -> tmdb.Movie:
    movie = _movies.get(movie_id)
    if movie is None:
        body = synthetic.movie_body(movie_id, ("credits", "images", "videos"))
        movie = _movies[movie_id] = _movie_decoder.decode(body)
    return movie


def _person(person_id: int) -> tmdb.Person:
    person = _people.get(person_id)
    if person is None:
        person = _people[person_id] = _person_decoder.decode(synthetic.person_body(person_id))
    return person


def _date(value: str | None) -> datetime.date | None:
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
    vote_average: float | None

    @strawberry.field
    def iso6391(self, root: strawberry.Parent[tmdb.Image]) -> str | None:
        return root.iso_639_1


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
    place_of_birth: str | None
    biography: str | None
    profile_path: str | None

    @strawberry.field
    def birthday(self, root: strawberry.Parent[tmdb.Person]) -> datetime.date | None:
        return _date(root.birthday)

    @strawberry.field
    def deathday(self, root: strawberry.Parent[tmdb.Person]) -> datetime.date | None:
        return _date(root.deathday)


@strawberry.type
class CastCredit:
    id: int
    name: str
    character: str | None
    order: int | None
    profile_path: str | None

    @strawberry.field
    def person(self, root: strawberry.Parent[tmdb.Cast]) -> Person | None:
        return typing.cast(Person, _person(root.id))


@strawberry.type
class CrewCredit:
    id: int
    name: str
    job: str | None
    department: str | None
    profile_path: str | None

    @strawberry.field
    def person(self, root: strawberry.Parent[tmdb.Crew]) -> Person | None:
        return typing.cast(Person, _person(root.id))


@strawberry.type
class Credits:
    @strawberry.field
    def cast(
        self, root: strawberry.Parent[tmdb.Credits], first: int | None = None
    ) -> list[CastCredit]:
        return typing.cast(list[CastCredit], root.cast if first is None else root.cast[:first])

    @strawberry.field
    def crew(
        self, root: strawberry.Parent[tmdb.Credits], first: int | None = None
    ) -> list[CrewCredit]:
        return typing.cast(list[CrewCredit], root.crew if first is None else root.crew[:first])


@strawberry.type
class Movie:
    id: int
    title: str
    overview: str | None
    runtime: int | None
    genres: list[Genre]
    poster_path: str | None

    @strawberry.field
    def release_date(self, root: strawberry.Parent[tmdb.Movie]) -> datetime.date | None:
        return _date(root.release_date)

    @strawberry.field
    def credits(self, root: strawberry.Parent[tmdb.Movie]) -> Credits:
        return typing.cast(Credits, root.credits or tmdb.Credits())

    @strawberry.field
    def images(self, root: strawberry.Parent[tmdb.Movie]) -> Images:
        return typing.cast(Images, root.images or tmdb.Images())

    @strawberry.field
    def videos(self, root: strawberry.Parent[tmdb.Movie]) -> list[Video]:
        return typing.cast(list[Video], (root.videos or tmdb.Videos()).results)


@strawberry.type
class Query:
    @strawberry.field
    def movie(self, id: int, language: str | None = None) -> Movie | None:
        return typing.cast(Movie, _movie(id))

    @strawberry.field
    def person(self, id: int, language: str | None = None) -> Person | None:
        return typing.cast(Person, _person(id))


schema = strawberry.Schema(Query, extensions=[ParserCache, ValidationCache])


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    request = await common.graphql_request(scope, receive, send)
    if request is None:
        return
    result = await schema.execute(request.query, variable_values=request.variables)
    payload: dict[str, Any] = {"data": result.data}
    if result.errors:
        payload["errors"] = [error.formatted for error in result.errors]
    await common.send_json(send, 200, common.ENCODE(payload))
