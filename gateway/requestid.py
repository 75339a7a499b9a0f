"""Request ids: one per GraphQL request, in its ``X-Request-Id`` and in every log line it causes.

A client-sent ``X-Request-Id`` is kept when it is sane (1 to 128 characters of
``[A-Za-z0-9._-]``, so it can go into a header and a log line as it is); otherwise the gateway
makes one: a random per-process prefix and a counter, unique across workers and about 0.1 us to
make (a ``uuid4`` costs 3 us). Ids stay bytes, as headers are, until a log line needs text.
"""

from __future__ import annotations

import itertools
import os
import re
from contextvars import ContextVar
from typing import Final

REQUEST_ID_HEADER: Final = b"x-request-id"
REQUEST_ID: Final[ContextVar[bytes | None]] = ContextVar("tmdbfusion_request_id", default=None)

_SANE: Final = re.compile(rb"[A-Za-z0-9._-]{1,128}")


class _Ids:
    __slots__ = ("counter", "prefix")

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.prefix = os.urandom(6).hex().encode() + b"-"
        self.counter = itertools.count(1)


_ids: Final = _Ids()
# A forked worker must not hand out its parent's ids again.
os.register_at_fork(after_in_child=_ids.reset)


def new_request_id() -> bytes:
    return b"%s%x" % (_ids.prefix, next(_ids.counter))


def accept_request_id(sent: bytes) -> bytes:
    """The id a request is served under: ``sent`` when it is sane, else a new one."""
    if sent and _SANE.fullmatch(sent):
        return sent
    return new_request_id()
