"""Deterministic synthetic TMDB bodies for any id, shaped like the real ones.

The fake TMDB serves these and the warm floor decodes them, so both answer identically. Keys
and nesting follow real bodies (``movie_details__550.json``, ``movie_credits__550.json``,
``movie_images__550.json``, ``movie_videos__550.json``, ``person_details__1.json``); the
values are derived from the id alone, so a cold run can ask for ids nobody has seen.

Id layout (GraphQL ``Int`` is 32-bit, so every id stays below 2**31):

- a movie ``m`` below ``BIG_FIRST`` has 20 cast and 20 crew, people ``m * 64 + k`` (k < 40),
  so people never repeat between movies;
- a movie in ``[BIG_FIRST, BIG_END)`` has 1,000 cast (scenario 5); its people come from 16
  shared blocks above ``BIG_PEOPLE``, so the large credits body is built 16 times, not per id.

``GET /3/movie/popular?page=N`` pages (``movie_popular__p1.json``'s shape: 20 summaries, and
TMDB's page counts, which run far past the 500 pages it serves) list movies ``20 * (N - 1) + 1``
onwards, so a crawl of 50 pages decodes 1,000 distinct movies.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import msgspec

from bench import vocabulary as words

CAST_SIZE = 20
CREW_SIZE = 20
PERSON_STRIDE = 64
BIG_FIRST = 30_000_000
BIG_END = 31_000_000
BIG_CAST_SIZE = 1_000
BIG_PEOPLE = 2_000_000_000
_BIG_VARIANTS = 16

MOVIE_PARTS = frozenset({"credits", "images", "videos", "keywords"})
PERSON_PARTS = frozenset({"images"})

# File paths are 27 characters like TMDB's; a table of pseudo-random stems keeps them cheap.
_MIX = 0x9E3779B97F4A7C15F39CC0605CEDC83
_PATHS = tuple(f"{(k * _MIX + _MIX) % (16**21):021x}" for k in range(4096))
_encode = msgspec.json.Encoder().encode


def is_big(movie_id: int) -> bool:
    return BIG_FIRST <= movie_id < BIG_END


def _path(n: int, ext: str = "jpg") -> str:
    return f"/{_PATHS[n % len(_PATHS)]}{n % 1_000_000:06d}.{ext}"


def _name(pid: int) -> str:
    first, last = words.FIRST_NAMES, words.LAST_NAMES
    return f"{first[pid % len(first)]} {last[(pid // 7) % len(last)]}"


def _date(n: int) -> str:
    # Every 50th entity has TMDB's blank "unknown" date, which the gateway must serve as null.
    if n % 50 == 7:
        return ""
    return f"{1940 + n % 80}-{1 + n % 12:02d}-{1 + n % 28:02d}"


def movie_details(movie_id: int) -> dict[str, Any]:
    first = movie_id % len(words.GENRES)
    return {
        "adult": False,
        "backdrop_path": _path(movie_id * 3 + 1),
        "belongs_to_collection": None,
        "budget": (movie_id % 200) * 1_000_000,
        "genres": [
            {"id": g, "name": n} for g, n in (words.GENRES[first], words.GENRES[(first + 3) % 10])
        ],
        "homepage": f"https://example.org/movie/{movie_id}",
        "id": movie_id,
        "imdb_id": f"tt{movie_id:07d}",
        "original_language": "en",
        "original_title": f"Synthetic Movie {movie_id}",
        "overview": f"Movie {movie_id}: a ticking-time-bomb insomniac and a slippery soap "
        "salesman channel primal aggression into a shocking new form of therapy.",
        "popularity": (movie_id % 1000) / 10,
        "poster_path": _path(movie_id * 3),
        "production_companies": words.COMPANIES,
        "production_countries": words.COUNTRIES,
        "release_date": _date(movie_id),
        "revenue": (movie_id % 300) * 1_000_000,
        "runtime": None if movie_id % 50 == 13 else 80 + movie_id % 60,
        "spoken_languages": words.LANGUAGES,
        "status": "Released",
        "tagline": "Mischief. Mayhem. Soap.",
        "title": f"Synthetic Movie {movie_id}",
        "video": False,
        "vote_average": (movie_id % 90) / 10,
        "vote_count": movie_id % 25_000,
    }


# Credits dominate a movie body, so their entries are formatted from templates rather than
# built as dicts and encoded: three times faster, and safe because every value is plain ASCII.
_CAST = (
    '{"adult":false,"gender":%d,"id":%d,"known_for_department":"Acting","name":"%s",'
    '"original_name":"%s","popularity":%.1f,"profile_path":%s,"cast_id":%d,'
    '"character":"Character %d","credit_id":"%024x","order":%d}'
)
_CREW = (
    '{"adult":false,"gender":2,"id":%d,"known_for_department":"%s","name":"%s",'
    '"original_name":"%s","popularity":%.1f,"profile_path":%s,"credit_id":"%024x",'
    '"department":"%s","job":"%s"}'
)


def _cast(pid: int, order: int) -> str:
    name = _name(pid)
    profile = "null" if pid % 17 == 5 else f'"{_path(pid)}"'
    values = (1 + pid % 2, pid, name, name, (pid % 400) / 10, profile, order + 4, order + 1)
    return _CAST % (*values, pid, order)


def _crew(pid: int) -> str:
    name = _name(pid)
    department, job = words.JOBS[pid % len(words.JOBS)]
    profile = "null" if pid % 13 == 3 else f'"{_path(pid)}"'
    return _CREW % (pid, department, name, name, (pid % 300) / 10, profile, pid, department, job)


def _credits_json(cast: list[str], crew: list[str]) -> bytes:
    return f'{{"cast":[{",".join(cast)}],"crew":[{",".join(crew)}]}}'.encode()


def _credits(movie_id: int) -> bytes:
    base = movie_id * PERSON_STRIDE
    return _credits_json(
        [_cast(base + i, i) for i in range(CAST_SIZE)],
        [_crew(base + 32 + j) for j in range(CREW_SIZE)],
    )


@functools.lru_cache(maxsize=_BIG_VARIANTS)
def _big_credits(variant: int) -> bytes:
    # 1,000 cast entries encode to ~300 KB; building that per request would make the fake,
    # not the server under test, the bottleneck of scenario 5.
    base = BIG_PEOPLE + variant * 1_100
    return _credits_json(
        [_cast(base + i, i) for i in range(BIG_CAST_SIZE)],
        [_crew(base + BIG_CAST_SIZE + j) for j in range(CREW_SIZE)],
    )


def _images(n: int) -> dict[str, Any]:
    def image(k: int, width: int, height: int, lang: str | None) -> dict[str, Any]:
        return {
            "aspect_ratio": round(width / height, 3), "height": height, "iso_639_1": lang,
            "file_path": _path(n * 16 + k), "vote_average": (k * 37 % 60) / 10,
            "vote_count": k * 3, "width": width,
        }  # fmt: skip

    return {
        "backdrops": [image(k, 3840, 2160, None) for k in range(4)],
        "logos": [image(4 + k, 1000, 400, "en") for k in range(2)],
        "posters": [image(6 + k, 2000, 3000, "en" if k % 2 else "fr") for k in range(4)],
    }


def _videos(movie_id: int) -> dict[str, Any]:
    def video(k: int, kind: str) -> dict[str, Any]:
        return {
            "iso_639_1": "en", "iso_3166_1": "US", "name": f"Official {kind}",
            "key": f"k{movie_id:x}v{k}", "site": "YouTube", "size": 1080, "type": kind,
            "official": k != 2, "published_at": "2014-10-02T19:20:22.000Z",
            "id": f"{movie_id * 8 + k:024x}",
        }  # fmt: skip

    return {"results": [video(k, kind) for k, kind in enumerate(("Trailer", "Teaser", "Clip"))]}


def _keywords(movie_id: int) -> dict[str, Any]:
    first = 800 + movie_id % 5
    return {"keywords": [{"id": k, "name": f"keyword {k}"} for k in range(first, first + 4)]}


def _movie_part(movie_id: int, part: str) -> bytes:
    if part == "credits":
        if is_big(movie_id):
            return _big_credits((movie_id - BIG_FIRST) % _BIG_VARIANTS)
        return _credits(movie_id)
    if part == "images":
        return _encode(_images(movie_id))
    if part == "videos":
        return _encode(_videos(movie_id))
    return _encode(_keywords(movie_id))


def _splice(entity: bytes, parts: Iterable[tuple[str, bytes]]) -> bytes:
    # Appended parts are extra top-level keys, as in TMDB's append_to_response bodies.
    pieces = [entity[:-1]]
    for name, body in parts:
        pieces += (b',"', name.encode(), b'":', body)
    pieces.append(b"}")
    return b"".join(pieces)


def movie_body(movie_id: int, parts: Iterable[str] = ()) -> bytes:
    """``GET /3/movie/{id}?append_to_response=...``; unknown parts are ignored, as TMDB does."""
    wanted = [p for p in dict.fromkeys(parts) if p in MOVIE_PARTS]
    entity = _encode(movie_details(movie_id))
    return _splice(entity, ((p, _movie_part(movie_id, p)) for p in wanted))


def movie_part_body(movie_id: int, part: str) -> bytes | None:
    """``GET /3/movie/{id}/{part}``: the part alone, with the ``id`` TMDB adds there."""
    if part not in MOVIE_PARTS:
        return None
    return b'{"id":%d,%s' % (movie_id, _movie_part(movie_id, part)[1:])


PAGE_SIZE = 20
# As movie_popular__p1.json reports them: the 500-page cap is TMDB's, not total_pages'.
POPULAR_TOTAL_PAGES = 36_052
POPULAR_TOTAL_RESULTS = 721_026
_SUMMARY_KEYS = (
    "adult", "backdrop_path", "id", "original_language", "original_title", "overview",
    "popularity", "poster_path", "release_date", "title", "video", "vote_average", "vote_count",
)  # fmt: skip


def movie_summary(movie_id: int) -> dict[str, Any]:
    """A movie as a list page shows it: its details' scalars and its genres as ``genre_ids``."""
    details = movie_details(movie_id)
    summary = {key: details[key] for key in _SUMMARY_KEYS}
    summary["genre_ids"] = [genre["id"] for genre in details["genres"]]
    return summary


def popular_page_body(page: int) -> bytes:
    """``GET /3/movie/popular?page={page}``: one page of 20 movie summaries."""
    first = PAGE_SIZE * (page - 1) + 1
    return _encode(
        {
            "page": page,
            "results": [movie_summary(m) for m in range(first, first + PAGE_SIZE)],
            "total_pages": POPULAR_TOTAL_PAGES,
            "total_results": POPULAR_TOTAL_RESULTS,
        }
    )


def person_details(person_id: int) -> dict[str, Any]:
    name = _name(person_id)
    place = words.PLACES[person_id % len(words.PLACES)]
    return {
        "adult": False,
        "also_known_as": [name.upper(), f"{name} Jr."],
        "biography": words.BIO.format(name=name, place=place),
        "birthday": None if person_id % 23 == 4 else _date(person_id),
        "deathday": _date(person_id + 31) if person_id % 9 == 2 else None,
        "gender": 1 + person_id % 2,
        "homepage": None,
        "id": person_id,
        "imdb_id": f"nm{person_id:07d}",
        "known_for_department": "Acting",
        "name": name,
        "place_of_birth": place,
        "popularity": (person_id % 500) / 10,
        "profile_path": _path(person_id),
    }


def person_body(person_id: int, parts: Iterable[str] = ()) -> bytes:
    wanted = [p for p in dict.fromkeys(parts) if p in PERSON_PARTS]
    entity = _encode(person_details(person_id))
    if not wanted:
        return entity
    return _splice(entity, [("images", _encode({"profiles": _images(person_id)["posters"]}))])
