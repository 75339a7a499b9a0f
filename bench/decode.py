"""The decode table: one large real TMDB body decoded by json, pydantic v2 and msgspec.

The body is ``gateway/demo/data/person_combined_credits__1.json`` (George Lucas's combined
credits, 237 KB, 306 entries; provenance in that folder's ``PROVENANCE.tsv``, the one copy of the
real bodies the demo, the tests and the benchmark all read). pydantic and msgspec declare
the same fields, so the table compares decoders, not schemas. Run alone with
``python -m bench.decode``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import pydantic

from gateway.demo.dataset import DATA as BODIES

DATA = Path(str(BODIES)) / "person_combined_credits__1.json"


class _CreditFields(pydantic.BaseModel):
    id: int
    media_type: str | None = None
    title: str | None = None
    name: str | None = None
    original_title: str | None = None
    overview: str | None = None
    release_date: str | None = None
    first_air_date: str | None = None
    genre_ids: list[int] = []
    popularity: float | None = None
    vote_average: float | None = None
    vote_count: int | None = None
    poster_path: str | None = None
    backdrop_path: str | None = None
    credit_id: str | None = None
    episode_count: int | None = None


class PydanticCast(_CreditFields):
    character: str | None = None
    order: int | None = None


class PydanticCrew(_CreditFields):
    department: str | None = None
    job: str | None = None


class PydanticCombinedCredits(pydantic.BaseModel):
    id: int
    cast: list[PydanticCast] = []
    crew: list[PydanticCrew] = []


class _StructFields(msgspec.Struct, frozen=True, gc=False):
    id: int
    media_type: str | None = None
    title: str | None = None
    name: str | None = None
    original_title: str | None = None
    overview: str | None = None
    release_date: str | None = None
    first_air_date: str | None = None
    genre_ids: list[int] = []
    popularity: float | None = None
    vote_average: float | None = None
    vote_count: int | None = None
    poster_path: str | None = None
    backdrop_path: str | None = None
    credit_id: str | None = None
    episode_count: int | None = None


class StructCast(_StructFields, frozen=True, gc=False):
    character: str | None = None
    order: int | None = None


class StructCrew(_StructFields, frozen=True, gc=False):
    department: str | None = None
    job: str | None = None


class StructCombinedCredits(msgspec.Struct, frozen=True, gc=False):
    id: int
    cast: list[StructCast] = []
    crew: list[StructCrew] = []


@dataclass(frozen=True)
class DecodeRow:
    name: str
    per_second: float
    ratio: float  # to json.loads into dicts

    @property
    def micros(self) -> float:
        return 1e6 / self.per_second


def _rate(decode: Callable[[bytes], object], body: bytes, budget_s: float) -> float:
    """Best of five timed batches, each sized to take about ``budget_s / 5``.

    Timed on this process's CPU clock: on a machine shared with other work, a wall clock
    would also count the time the process waited for a core (3x on json.loads at load 5).
    """
    clock = time.process_time
    decode(body)
    start = clock()
    decode(body)
    once = max(clock() - start, 1e-6)
    loops = max(1, int(budget_s / 5 / once))
    best = float("inf")
    for _ in range(5):
        start = clock()
        for _ in range(loops):
            decode(body)
        best = min(best, (clock() - start) / loops)
    return 1 / best


def decoders() -> dict[str, Callable[[bytes], object]]:
    struct_decoder = msgspec.json.Decoder(StructCombinedCredits, strict=False)
    untyped = msgspec.json.Decoder()
    return {
        "json.loads -> dicts": json.loads,
        "json.loads + pydantic model_validate -> models": (
            lambda b: PydanticCombinedCredits.model_validate(json.loads(b))
        ),
        "pydantic v2 model_validate_json -> models": PydanticCombinedCredits.model_validate_json,
        "msgspec.json.decode -> dicts": untyped.decode,
        "msgspec Decoder(Struct) -> Structs": struct_decoder.decode,
    }


def _sizes(value: Any) -> tuple[int, int]:
    if isinstance(value, dict):
        return len(value["cast"]), len(value["crew"])
    return len(value.cast), len(value.crew)


def decode_table(budget_s: float = 1.0) -> tuple[int, list[DecodeRow]]:
    """Decodes per second for each decoder; checks that all of them saw every entry."""
    body = DATA.read_bytes()
    table = decoders()
    expected = _sizes(json.loads(body))
    for name, decode in table.items():
        if _sizes(decode(body)) != expected:
            raise AssertionError(f"{name} decoded a different number of credits")
    rates = {name: _rate(decode, body, budget_s) for name, decode in table.items()}
    base = rates["json.loads -> dicts"]
    return len(body), [DecodeRow(name, rate, rate / base) for name, rate in rates.items()]


def markdown(size: int, rows: list[DecodeRow]) -> str:
    lines = [
        f"Body: `gateway/demo/data/{DATA.name}`, {size:,} bytes.",
        "",
        "| decoder | decodes/s | µs/decode | MB/s | x json.loads |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.name} | {r.per_second:,.0f} | {r.micros:,.0f} | "
        f"{r.per_second * size / 1e6:,.0f} | {r.ratio:.2f} |"
        for r in rows
    ]
    by_name = {r.name: r for r in rows}
    speedup = (
        by_name["msgspec Decoder(Struct) -> Structs"].per_second
        / by_name["pydantic v2 model_validate_json -> models"].per_second
    )
    lines += [
        "",
        f"msgspec Structs decode {speedup:.1f}x as fast as pydantic v2 "
        "`model_validate_json` on the same fields.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(*decode_table()))
