"""Request ids: one per GraphQL request, in its ``X-Request-Id``, in every log line it causes,
and in a masked error's ``requestId``, so that all three can be matched.

A client-sent ``X-Request-Id`` is kept when it is sane (1 to 128 characters of
``[A-Za-z0-9._-]``, so it can go into a header and a log line as it is); otherwise the gateway
makes one: a random per-process prefix and a counter, unique across workers and replicas, and
cheaper per request (about 0.2 us) than a UUID (3 us), since every request gets one whether it
fails or not.
"""

from __future__ import annotations

import itertools
import os
import re
from contextvars import ContextVar
from typing import Final

REQUEST_ID_HEADER: Final = b"x-request-id"
# The id of the request being served, for log lines (gateway/logs.py); None outside one.
REQUEST_ID: Final[ContextVar[str | None]] = ContextVar("tmdbfusion_request_id", default=None)

_SANE: Final = re.compile(rb"[A-Za-z0-9._-]{1,128}")


class _Ids:
    __slots__ = ("counter", "prefix")

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.prefix = os.urandom(6).hex()
        self.counter = itertools.count(1)


_ids: Final = _Ids()
# A forked worker must not hand out its parent's ids again.
os.register_at_fork(after_in_child=_ids.reset)


def next_request_id() -> str:
    return f"{_ids.prefix}-{next(_ids.counter):x}"


def sane_request_id(sent: bytes) -> bool:
    """Whether ``sent``, a client's ``X-Request-Id``, is kept as it is."""
    return _SANE.fullmatch(sent) is not None


def accept_request_id(sent: bytes | None) -> str:
    """The id a request is served under: ``sent`` (an ``X-Request-Id`` value) when it is sane,
    else a new one."""
    if sent and _SANE.fullmatch(sent):
        return sent.decode("ascii")
    return next_request_id()
