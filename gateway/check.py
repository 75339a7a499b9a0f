"""``tmdbfusion check``: can the gateway, as configured, reach TMDB and be served by it?

It asks TMDB for ``/configuration``, the cheapest authenticated request there is, with the same
client, credential and timeouts the gateway uses, and says in one line what it found.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from gateway.config import Settings
from gateway.fetch import build_client
from tmdbfusion import errors


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    message: str


def credential_name(settings: Settings) -> str:
    """The variable whose credential the gateway sends (the token wins when both are set)."""
    return "TMDB_READ_ACCESS_TOKEN" if settings.read_access_token else "TMDB_API_KEY"


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
    not_tmdb = Outcome(
        False,
        f"{where}/configuration did not answer with TMDB's configuration; is TMDB_BASE_URL "
        "TMDB's API root?",
    )
    try:
        async with build_client(settings, transport) as client:
            configuration = await client.configuration.details()
    except errors.AuthenticationError as exc:
        return Outcome(False, f"TMDB at {where} refused {name} ({exc})")
    except errors.RateLimitError:
        return Outcome(False, f"TMDB at {where} answered 429: too many requests, try later")
    except errors.UpstreamStatusError as exc:
        return Outcome(False, f"TMDB at {where} failed: {exc}; is TMDB_BASE_URL TMDB's API root?")
    except errors.UpstreamDecodeError:
        return not_tmdb
    except errors.UpstreamConnectionError as exc:
        return Outcome(False, f"{exc}; TMDB_BASE_URL is {where}")
    # The one part of TMDB's answer the gateway builds on: where images live.
    if configuration.images is None or not configuration.images.secure_base_url:
        return not_tmdb
    return Outcome(
        True,
        f"TMDB at {where} accepted {name}; images are served from "
        f"{configuration.images.secure_base_url}",
    )
