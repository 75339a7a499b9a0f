"""How long TMDB says an answer stays fresh, read from its headers without I/O.

TMDB sends ``Cache-Control: public, max-age=28800`` for an entity, ``max-age=600`` for a search,
and ``max-age=0, private, must-revalidate`` for what it does not want kept (certifications, the
latest movie); recorded examples are in tests/fixtures/headers/. A caller that caches answers for
many users is a shared cache in RFC 9111's terms, so ``s-maxage`` wins over ``max-age``, and the
seconds an answer already spent in TMDB's CDN (``Age``) are taken off.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

# Directives that forbid a shared cache to reuse the answer without asking again.
UNCACHEABLE: Final = frozenset({"no-store", "no-cache", "private"})


def max_age(headers: Mapping[str, str]) -> float | None:
    """Seconds the answer stays fresh for a shared cache; 0 if it must not be kept at all;
    ``None`` when ``Cache-Control`` gives no lifetime (the caller's default applies).

    ``headers`` must look keys up case-insensitively (``httpx.Headers`` does).
    """
    value = headers.get("cache-control")
    if not value:
        return None
    seconds: dict[str, float] = {}
    for directive in value.lower().split(","):
        name, _, argument = directive.strip().partition("=")
        if name in UNCACHEABLE:
            return 0.0
        if name in ("max-age", "s-maxage"):
            number = _seconds(argument)
            if number is None:
                # RFC 9111, 4.2.1: an invalid lifetime makes the answer stale.
                return 0.0
            seconds[name] = number
    lifetime = seconds.get("s-maxage", seconds.get("max-age"))
    if lifetime is None:
        return None
    return max(0.0, lifetime - (_seconds(headers.get("age", "")) or 0.0))


def _seconds(value: str) -> float | None:
    """A delta-seconds value (``"600"``, quoted or not), or ``None`` if it is not one."""
    value = value.strip().strip('"')
    return float(value) if value.isdigit() else None
