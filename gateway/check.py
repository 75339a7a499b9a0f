"""``tmdbfusion check``: can the gateway, as configured, reach TMDB and be served by it?

It asks TMDB for ``/configuration``, the cheapest authenticated request there is, with the same
client, credential and timeouts the gateway uses, and says in one line what it found.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import httpx
import msgspec

from gateway.config import Settings
from gateway.tmdb import errors
from gateway.tmdb.client import TMDBClient, credentials


class ImagesConfiguration(msgspec.Struct, frozen=True):
    secure_base_url: str


class Configuration(msgspec.Struct, frozen=True):
    """The one part of TMDB's /configuration the gateway builds on: where images live."""

    images: ImagesConfiguration


# Also what /readyz asks of TMDB (gateway/readiness.py): the same request, the same judgement.
decode_configuration: Final = msgspec.json.Decoder(Configuration).decode


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    message: str


def credential_name(settings: Settings) -> str:
    """The variable whose credential the gateway sends (the token wins when both are set)."""
    token, _ = credentials(settings)
    return "TMDB_READ_ACCESS_TOKEN" if token else "TMDB_API_KEY"


async def check(settings: Settings, transport: httpx.AsyncBaseTransport) -> Outcome:
    """Reach TMDB's /configuration as the gateway would; never raises for a TMDB failure."""
    if settings.demo:
        return Outcome(
            True,
            "demo mode: no TMDB_READ_ACCESS_TOKEN or TMDB_API_KEY is set, so the gateway serves "
            "its embedded demo dataset and does not contact TMDB",
        )
    name = credential_name(settings)
    where = settings.base_url
    try:
        async with TMDBClient.from_settings(settings, transport) as client:
            configuration = await client.get("/configuration", {}, decode_configuration)
    except errors.AuthenticationError as exc:
        return Outcome(False, f"TMDB at {where} refused {name} ({exc})")
    except errors.RateLimitError:
        return Outcome(False, f"TMDB at {where} answered 429: too many requests, try later")
    except errors.UpstreamStatusError as exc:
        return Outcome(False, f"TMDB at {where} failed: {exc}; is TMDB_BASE_URL TMDB's API root?")
    except errors.UpstreamDecodeError:
        return Outcome(
            False,
            f"{where}/configuration did not answer with TMDB's configuration; is TMDB_BASE_URL "
            "TMDB's API root?",
        )
    except errors.UpstreamConnectionError as exc:
        return Outcome(False, f"{exc}; TMDB_BASE_URL is {where}")
    return Outcome(
        True,
        f"TMDB at {where} accepted {name}; images are served from "
        f"{configuration.images.secure_base_url}",
    )
