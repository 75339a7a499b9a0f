"""The embedded demo dataset: which real TMDB bodies serve which entity, loaded and pre-encoded."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from typing import Final, Literal

import msgspec

Kind = Literal["movie", "person", "tv"]

# The names TMDB accepts in `append_to_response` per namespace; an append body holds each under
# that same key, so these are also the keys stripped from an append body to recover its base.
APPEND_PARTS: Final[Mapping[Kind, frozenset[str]]] = {
    "movie": frozenset(
        {
            "account_states",
            "alternative_titles",
            "changes",
            "credits",
            "external_ids",
            "images",
            "keywords",
            "lists",
            "recommendations",
            "release_dates",
            "reviews",
            "similar",
            "translations",
            "videos",
            "watch/providers",
        }
    ),
    "person": frozenset(
        {
            "changes",
            "combined_credits",
            "external_ids",
            "images",
            "movie_credits",
            "tagged_images",
            "translations",
            "tv_credits",
        }
    ),
    "tv": frozenset(
        {
            "account_states",
            "aggregate_credits",
            "alternative_titles",
            "changes",
            "content_ratings",
            "credits",
            "episode_groups",
            "external_ids",
            "images",
            "keywords",
            "lists",
            "recommendations",
            "reviews",
            "screened_theatrically",
            "similar",
            "translations",
            "videos",
            "watch/providers",
        }
    ),
}


@dataclass(frozen=True, slots=True)
class Source:
    """One entity's files: a details body (parts it embeds are kept) and separate part bodies."""

    kind: Kind
    id: int
    base: str
    parts: Mapping[str, str]


MANIFEST: Final[tuple[Source, ...]] = (
    Source(
        "movie",
        550,
        "movie_details__550.json",
        {
            "credits": "movie_credits__550.json",
            "images": "movie_images__550.json",
            "videos": "movie_videos__550.json",
            "keywords": "movie_keywords__550.json",
            "recommendations": "movie_recommendations__550.json",
            "similar": "movie_similar__550.json",
            "reviews": "movie_reviews__550.json",
            "lists": "movie_lists__550.json",
            "external_ids": "movie_external_ids__550.json",
            "release_dates": "movie_release_dates__550.json",
            "watch/providers": "movie_watch_providers__550.json",
        },
    ),
    Source("movie", 76, "movie_details_append__76.json", {}),
    Source("movie", 8681, "movie_details_append__8681.json", {}),
    Source("person", 287, "person_details_append__287.json", {}),
    Source("person", 33, "person_details_append__33.json", {}),
    Source("person", 12312, "person_details_append__12312.json", {}),
    Source(
        "person",
        1,
        "person_details__1.json",
        {"combined_credits": "person_combined_credits__1.json"},
    ),
    Source("tv", 1396, "tv_details_append__1396.json", {}),
    Source(
        "tv", 1399, "tv_details__1399.json", {"content_ratings": "tv_content_ratings__1399.json"}
    ),
)
UNAUTHORIZED_FILE: Final = "error_401_invalid_api_key__jdrouet.json"
NOT_FOUND_FILE: Final = "error_404_not_found__jdrouet.json"
CONFIGURATION_FILE: Final = "configuration__2022.json"


@dataclass(frozen=True, slots=True)
class Entity:
    """A served entity, pre-encoded: `head` is the base body without its closing brace."""

    head: bytes
    parts: Mapping[str, bytes]
    # `,"<part>":<body>` for each part, ready to splice between `head` and the closing brace.
    appended: Mapping[str, bytes]

    def details(self, append: Iterable[str] = ()) -> bytes:
        """The details body with each known requested part added once, as TMDB does."""
        chunks = [self.head]
        seen: set[str] = set()
        for name in append:
            chunk = self.appended.get(name)
            if chunk is not None and name not in seen:
                seen.add(name)
                chunks.append(chunk)
        chunks.append(b"}")
        return b"".join(chunks)


@dataclass(frozen=True, slots=True)
class Dataset:
    """All demo entities by kind then id, TMDB's own error bodies, and its /configuration."""

    entities: Mapping[str, Mapping[int, Entity]]
    unauthorized: bytes
    not_found: bytes
    configuration: bytes


_DATA: Final = files("gateway.demo").joinpath("data")
_fields_decoder: Final = msgspec.json.Decoder(dict[str, msgspec.Raw])


def _read(name: str) -> bytes:
    # Compact once at load so every response is spliced from whitespace-free JSON.
    return msgspec.json.format(_DATA.joinpath(name).read_bytes(), indent=-1)


def _entity(source: Source) -> Entity:
    known = APPEND_PARTS[source.kind]
    fields = _fields_decoder.decode(_read(source.base))
    base = {key: value for key, value in fields.items() if key not in known}
    parts = {key: bytes(value) for key, value in fields.items() if key in known}
    parts.update({part: _read(name) for part, name in source.parts.items()})
    head = msgspec.json.encode(base)[:-1]
    appended = {
        part: b"," + msgspec.json.encode(part) + b":" + body for part, body in parts.items()
    }
    return Entity(head=head, parts=parts, appended=appended)


def load_dataset() -> Dataset:
    """Read, compact and index every demo body once."""
    entities: dict[str, dict[int, Entity]] = {kind: {} for kind in APPEND_PARTS}
    for source in MANIFEST:
        entities[source.kind][source.id] = _entity(source)
    return Dataset(
        entities=entities,
        unauthorized=_read(UNAUTHORIZED_FILE),
        not_found=_read(NOT_FOUND_FILE),
        configuration=_read(CONFIGURATION_FILE),
    )
