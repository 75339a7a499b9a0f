"""The cold floor: the same upstream data, fetched and shaped with no GraphQL at all.

A raw ASGI app (``uvicorn bench.baselines.cold_floor:app``) that recognises each benchmark
query by its text, makes exactly the upstream requests a perfect gateway would (one movie GET
with ``append_to_response``, then every person concurrently), decodes them into the gateway's own
Structs and encodes the answer with msgspec. What a cold query costs beyond this is the price of
GraphQL and of the gateway's own machinery.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import aiohttp
import httpx
import msgspec
from httpx_aiohttp import AiohttpTransport
from starlette.types import Receive, Scope, Send

from bench.baselines import common
from bench.scenarios import BY_QUERY, Scenario
from tmdbfusion import models as tmdb

_movie_decoder = msgspec.json.Decoder(tmdb.Movie, strict=False)
_person_decoder = msgspec.json.Decoder(tmdb.Person, strict=False)
_client: httpx.AsyncClient | None = None


def _get_client() -> httpx.AsyncClient:
    # Created on first use so that aiohttp's session binds to uvicorn's running loop. The pool
    # is wide enough for 32 queries x 40 people at once; a narrower one would add waves.
    global _client
    if _client is None:
        base, headers = common.upstream()
        limits = httpx.Limits(max_connections=2048, max_keepalive_connections=2048)
        _client = httpx.AsyncClient(
            base_url=base, headers=headers, transport=AiohttpTransport(limits=limits)
        )
    return _client


async def _fetch_httpx(path: str) -> bytes | None:
    response = await _get_client().get(path)
    if response.status_code == 404:
        return None
    response.raise_for_status()
    return response.content


_session: aiohttp.ClientSession | None = None


async def _fetch_aiohttp(path: str) -> bytes | None:
    # The same requests without httpx's Request/Response models: what DESIGN.md's principle 5
    # table calls "plain aiohttp". It shows what keeping httpx's API costs a fan-out.
    global _session
    if _session is None:
        base, headers = common.upstream()
        connector = aiohttp.TCPConnector(limit=2048)
        _session = aiohttp.ClientSession(base + "/", headers=headers, connector=connector)
    async with _session.get(path.lstrip("/")) as response:
        if response.status == 404:
            return None
        response.raise_for_status()
        return await response.read()


_fetch = _fetch_aiohttp if os.environ.get("COLD_FLOOR_CLIENT") == "aiohttp" else _fetch_httpx


def _core(m: tmdb.Movie) -> dict[str, Any]:
    return {
        "id": m.id,
        "title": m.title,
        "overview": m.overview,
        "releaseDate": m.release_date or None,
        "runtime": m.runtime,
        "genres": [{"id": g.id, "name": g.name} for g in m.genres],
        "posterPath": m.poster_path,
    }


def _image(i: tmdb.Image) -> dict[str, Any]:
    return {
        "filePath": i.file_path,
        "width": i.width,
        "height": i.height,
        "aspectRatio": i.aspect_ratio,
        "iso6391": i.iso_639_1,
        "voteAverage": i.vote_average,
    }


def _person(p: tmdb.Person | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "id": p.id,
        "name": p.name,
        "birthday": p.birthday or None,
        "deathday": p.deathday or None,
        "placeOfBirth": p.place_of_birth,
        "biography": p.biography,
        "profilePath": p.profile_path,
    }


def _cast5(c: tmdb.Cast) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "character": c.character,
        "order": c.order,
        "profilePath": c.profile_path,
    }


async def _people(ids: list[int]) -> dict[int, tmdb.Person | None]:
    distinct = list(dict.fromkeys(ids))
    bodies = await asyncio.gather(*(_fetch(f"/person/{pid}") for pid in distinct))
    return {
        pid: None if b is None else _person_decoder.decode(b)
        for pid, b in zip(distinct, bodies, strict=True)
    }


async def answer(scenario: Scenario, movie_id: int) -> dict[str, Any] | None:
    """The ``movie`` field's value for ``scenario``, as the gateway must return it."""
    append = ",".join(scenario.movie_parts)
    body = await _fetch(f"/movie/{movie_id}" + (f"?append_to_response={append}" if append else ""))
    if body is None:
        return None
    m = _movie_decoder.decode(body)
    credits = m.credits or tmdb.Credits()
    if scenario.number == 1:
        return _core(m)
    if scenario.number == 2:
        images = m.images or tmdb.Images()
        return {
            **_core(m),
            "credits": {
                "cast": [_cast5(c) for c in credits.cast[:20]],
                "crew": [
                    {
                        "id": c.id,
                        "name": c.name,
                        "job": c.job,
                        "department": c.department,
                        "profilePath": c.profile_path,
                    }
                    for c in credits.crew[:20]
                ],
            },
            "images": {
                "posters": [_image(i) for i in images.posters],
                "backdrops": [_image(i) for i in images.backdrops],
                "logos": [_image(i) for i in images.logos],
            },
            "videos": [
                {
                    "key": v.key,
                    "name": v.name,
                    "site": v.site,
                    "type": v.type,
                    "official": v.official,
                }
                for v in (m.videos or tmdb.Videos()).results
            ],
        }
    if scenario.number == 5:
        cast5 = [_cast5(c) for c in credits.cast]
        return {"id": m.id, "title": m.title, "credits": {"cast": cast5}}
    # Scenarios 3 and 4: the second wave, every selected person at once.
    cast = credits.cast[: scenario.people_cast]
    crew = credits.crew[: scenario.people_crew]
    people = await _people([c.id for c in cast] + [c.id for c in crew])
    result: dict[str, Any] = {
        "cast": [
            {"id": c.id, "name": c.name, "character": c.character, "person": _person(people[c.id])}
            for c in cast
        ]
    }
    if scenario.people_crew:
        result["crew"] = [
            {
                "id": c.id,
                "name": c.name,
                "job": c.job,
                "department": c.department,
                "person": _person(people[c.id]),
            }
            for c in crew
        ]
    return {"id": m.id, "title": m.title, "credits": result}


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    request = await common.graphql_request(scope, receive, send)
    if request is None:
        return
    scenario = BY_QUERY.get(request.query)
    if scenario is None or not request.variables:
        await common.send_json(send, 400, common.error_body("not a benchmark query"))
        return
    movie = await answer(scenario, int(request.variables["id"]))
    await common.send_json(send, 200, common.ENCODE({"data": {"movie": movie}}))
