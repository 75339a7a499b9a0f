"""What a cached entity costs in memory, estimated cheaply enough to do at every store.

``TMDBFUSION_CACHE_MB`` bounds the process cache's resident memory, so each entry is charged what
its decoded Structs occupy, not its JSON: the two differ by a factor of 1.3 (a credits list) to
over 5 (``/configuration``'s short strings) across the real bodies in gateway/demo/data, so no
single factor on the JSON size would do.

Exact sizes come from ``resident``, a walk over every object an entity holds (``sys.getsizeof``
of each, once), within a few percent of tracemalloc but about ten times the entity's decoding in
CPU. So ``Footprint`` walks only a sample and scales the rest: an entity is cut into pieces, its
own fields and each part it holds (``credits``, ``images``), and each kind of piece (a row's
fields or one of its parts, of a given order of size) learns the ratio of resident bytes to
JSON bytes from the first pieces of that kind and one in ``every`` after. Any other piece costs
one JSON encoding, as the JSON bound did. bench/RESULTS.md ("The cache's memory") has each
estimate against tracemalloc, and the cost.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from operator import attrgetter
from sys import getsizeof
from typing import Any, Final

import msgspec

from tmdbfusion.resource import Resource

# What the cache spends per entry besides the entity: its record, key tuples, part set and place
# in the LRU map (tracemalloc counted 260 bytes with the key and part set shared, and each of
# those costs 60 to 220 more when it is not).
ENTRY_OVERHEAD: Final = 600
# Each kind of piece is walked this many times first, then once in EVERY.
FIRST: Final = 4
EVERY: Final = 32
# After this many samples a kind's ratio follows newer ones (an average over about this many).
HORIZON: Final = 16

_encode = msgspec.json.Encoder().encode
_fields: dict[type, Callable[[Any], Any]] = {}
_SINGLETONS: Final = (None, True, False)


def resident(value: object) -> int:
    """The bytes ``value`` and every object it holds occupy, each counted once.

    ``sys.getsizeof`` counts a str's cached UTF-8 copy too, which encoding a non-ASCII str to
    JSON leaves behind. None, True and False cost nothing.
    """
    seen: dict[int, object] = {}
    stack: list[Any] = [value]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen[id(obj)] = obj
        cls = obj.__class__
        if cls is list or cls is tuple or cls is set or cls is frozenset:
            stack.extend(obj)
        elif cls is dict:
            stack.extend(obj)
            stack.extend(obj.values())
        elif isinstance(obj, msgspec.Struct):
            fields = _fields.get(cls) or _getter(cls)
            stack.extend(fields(obj))
    for singleton in _SINGLETONS:
        seen.pop(id(singleton), None)
    return sum(map(getsizeof, seen.values()))


def _getter(cls: type) -> Callable[[Any], Any]:
    """A function giving a Struct's field values as a tuple, all in one C call."""
    names: tuple[str, ...] = cls.__struct_fields__  # type: ignore[attr-defined]
    get: Callable[[Any], Any]
    if len(names) > 1:
        get = attrgetter(*names)
    else:  # attrgetter of one name gives the value itself, of none nothing at all

        def get(obj: Any) -> tuple[Any, ...]:
            return tuple(getattr(obj, name) for name in names)

    _fields[cls] = get
    return get


class _Ratio:
    """Resident bytes per JSON byte of one kind of piece, learned from walked samples."""

    __slots__ = ("mean", "samples", "seen")

    def __init__(self) -> None:
        self.seen = 0
        self.samples = 0
        self.mean = 0.0

    def learn(self, ratio: float) -> None:
        self.samples += 1
        self.mean += (ratio - self.mean) / min(self.samples, HORIZON)


Kind = tuple[str, str | None, int]


class Footprint:
    """Estimates the resident bytes of cache entries; one per cache."""

    def __init__(self, *, first: int = FIRST, every: int = EVERY) -> None:
        self._first = first
        self._every = every
        self._ratios: dict[Kind, _Ratio] = {}

    def __call__(self, resource: Resource[Any], value: object) -> int:
        """The bytes an entry holding ``value``, an entity of ``resource``, costs."""
        total = ENTRY_OVERHEAD
        for kind, piece, encoded in _kinds(resource, value):
            ratio = self._ratios.get(kind)
            if ratio is None:
                ratio = self._ratios[kind] = _Ratio()
            ratio.seen += 1
            if ratio.samples and ratio.seen > self._first and ratio.seen % self._every:
                total += math.ceil(encoded * ratio.mean)
            else:
                total += self._walk(ratio, piece, encoded)
        return total

    def learn(self, resource: Resource[Any], value: object) -> None:
        """Walk every piece of ``value``, as if it were one of the first of its kind."""
        for kind, piece, encoded in _kinds(resource, value):
            self._walk(self._ratios.setdefault(kind, _Ratio()), piece, encoded)

    def learned(self, resource: Resource[Any], value: object) -> bool:
        """Whether every piece of ``value`` is of a kind with a learned ratio."""
        known = self._ratios
        return all(k in known and known[k].samples for k, _, _ in _kinds(resource, value))

    def _walk(self, ratio: _Ratio, piece: object, encoded: int) -> int:
        exact = resident(piece)
        ratio.learn(exact / max(encoded, 1))
        return exact


def _kinds(resource: Resource[Any], value: object) -> list[tuple[Kind, Any, int]]:
    """Each piece of ``value``, its kind and its JSON size.

    A kind is the row, the part (``None`` for the entity's own fields) and the JSON size's
    order of magnitude in powers of four: a small piece has a higher ratio (an empty ``images``
    part is 4.5 times its JSON, a full one 1.8), so each size learns its own.
    """
    found = []
    for (row, part), piece in pieces(resource, value):
        encoded = len(_encode(piece))
        found.append(((row, part, encoded.bit_length() >> 1), piece, encoded))
    return found


def pieces(resource: Resource[Any], value: object) -> list[tuple[tuple[str, str | None], Any]]:
    """``value`` cut into its own fields and each part it holds, each with its kind."""
    held = [
        (part.name, part.field, piece)
        for part in resource.parts.values()
        if (piece := getattr(value, part.field)) is not None
    ]
    base = value
    if held:
        # The entity's own fields alone: a shallow copy, its parts left out.
        base = msgspec.structs.replace(value, **{f: None for _, f, _ in held})  # type: ignore[type-var]
    pieces: list[tuple[tuple[str, str | None], Any]] = [((resource.name, None), base)]
    pieces += [((resource.name, name), piece) for name, _, piece in held]
    return pieces
